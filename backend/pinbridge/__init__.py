"""PinBridge: a self-hostable Pinterest publishing API."""

__version__ = "0.1.0"
