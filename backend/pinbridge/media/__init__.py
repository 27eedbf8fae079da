"""What a file is, decided from its bytes: images through Pillow, videos from their ISO BMFF boxes."""
