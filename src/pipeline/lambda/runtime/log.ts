/**
 * The one logger of the Lambda handlers: single-line JSON entries, a redaction list for every
 * secret value the invocation has seen (JIT configs, tokens, parameter names), and a promise never
 * to throw — a broken sink must not turn an answer into an unhandled exception.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

/**
 * Writes each entry as one line to stdout, as is. Lambda's JSON log format wraps `console.log`
 * output in a `message` field, where CloudWatch would find neither the embedded metrics (`_aws`,
 * see runtime/metrics; the EMF client library writes to stdout for this reason:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Libraries.html)
 * nor top-level fields such as `jobId` for Logs Insights.
 */
export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export class Logger {
  private readonly secrets: Set<string>;

  constructor(
    private readonly sink: LogSink = stdoutSink,
    private readonly base: Record<string, unknown> = {},
    secrets?: Set<string>,
  ) {
    this.secrets = secrets ?? new Set();
  }

  /** A logger that adds `fields` to every entry and shares this logger's redaction list. */
  public child(fields: Record<string, unknown>): Logger {
    return new Logger(this.sink, { ...this.base, ...fields }, this.secrets);
  }

  /** Registers a value that must never appear in a log line (values shorter than 8 characters are not secrets). */
  public secret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }

  public log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    try {
      let line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...this.base, ...fields });
      for (const s of this.secrets) line = line.split(s).join('[REDACTED]');
      this.sink(line);
    } catch {
      // Logging must never fail a request.
    }
  }

  public info(msg: string, fields?: Record<string, unknown>): void {
    this.log('info', msg, fields);
  }

  public warn(msg: string, fields?: Record<string, unknown>): void {
    this.log('warn', msg, fields);
  }

  public error(msg: string, fields?: Record<string, unknown>): void {
    this.log('error', msg, fields);
  }
}

/** The fields of an error worth logging; never its stack (which may quote inputs) and at most 300 characters of message. */
export function errorFields(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; message?: string; status?: number; $metadata?: { httpStatusCode?: number } };
  return { error: e?.name ?? 'Error', errorMessage: String(e?.message ?? err).slice(0, 300), status: e?.status ?? e?.$metadata?.httpStatusCode };
}
