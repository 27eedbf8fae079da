import type { INodeExecutionData } from 'n8n-workflow';

import { PinBridge } from '../../nodes/PinBridge/PinBridge.node';
import { executeContext, type ExecuteOptions } from '../helpers/context';

/** Runs the action node once, as n8n would, and returns its single output. */
export async function runNode(options: ExecuteOptions): Promise<INodeExecutionData[]> {
	const [output] = await new PinBridge().execute.call(executeContext(options));
	return output;
}

export const jsonOf = (output: INodeExecutionData[]) => output.map((item) => item.json);
