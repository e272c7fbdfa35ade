// The built-in stack trace queries (__stack_trace, __enhanced_stack_trace), in the official SDK's formats.

export interface StackTraceSDKInfo {
  name: string;
  version: string;
}
/** A piece of a source file, for the UI to show around a location. */
export interface StackTraceFileSlice {
  line_offset: number;
  content: string;
}
export interface StackTraceFileLocation {
  file_path?: string;
  line?: number;
  column?: number;
  function_name?: string;
  internal_code: boolean;
}
export interface StackTrace {
  locations: StackTraceFileLocation[];
}
export interface EnhancedStackTrace {
  sdk: StackTraceSDKInfo;
  sources: Record<string, StackTraceFileSlice[]>;
  stacks: StackTrace[];
}

export const SDK_INFO: StackTraceSDKInfo = { name: 'typescript', version: '0.1.0' };

export class StackTraces {
  formatted(): string {
    return '';
  }

  enhanced(): EnhancedStackTrace {
    return { sdk: SDK_INFO, stacks: [], sources: {} };
  }
}
