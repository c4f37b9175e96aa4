import { Block, isLiteral, list, StackModel } from '../model';
import { Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

/** What a CloudWatch alarm of each watched type names it by (the metric dimension values AWS uses). */
const WATCHED: Record<string, { readonly kind: string; readonly names: (b: Block) => unknown[] }> = {
  aws_db_instance: { kind: 'database', names: b => [b.body.identifier] },
  aws_rds_cluster: { kind: 'database cluster', names: b => [b.body.cluster_identifier] },
  aws_ecs_service: { kind: 'service', names: b => [b.body.name] },
  aws_sqs_queue: { kind: 'queue', names: b => [b.body.name] },
  aws_lambda_function: { kind: 'function', names: b => [b.body.function_name] },
};

/** Every dimension value of every metric alarm: its own dimensions and those of its metric queries. */
function alarmDimensionValues(model: StackModel): unknown[] {
  return model.ofType('aws_cloudwatch_metric_alarm').flatMap(a => [
    ...Object.values(a.body.dimensions ?? {}),
    ...list(a.body.metric_query).flatMap((q: any) => list(q.metric).flatMap((m: any) => Object.values(m.dimensions ?? {}))),
  ]);
}

/**
 * ZT-OPS-001: a database, service, queue or function that no CloudWatch metric alarm of the stack
 * watches. An alarm watches a resource when one of its dimensions refers to the resource
 * (`${aws_sqs_queue.jobs.name}`) or equals the resource's literal name or identifier.
 */
function unwatched(model: StackModel): Array<{ address: string; message: string }> {
  const values = alarmDimensionValues(model);
  const referenced = new Set(model.refs(values));
  const literals = new Set(values.filter(isLiteral));
  const hits: Array<{ address: string; message: string }> = [];
  for (const [type, watched] of Object.entries(WATCHED)) {
    for (const block of model.ofType(type)) {
      if (referenced.has(block.address)) continue;
      if (watched.names(block).some(n => isLiteral(n) && literals.has(n))) continue;
      hits.push({ address: block.address, message: `${watched.kind} ${block.address} has no CloudWatch alarm: nobody learns that it fails, fills up or falls behind` });
    }
  }
  return hits;
}

export const OPERATIONS_RULES: Rule[] = [
  {
    id: 'ZT-OPS-001',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.OPERATIONAL_AUTOMATION,
    title: 'Database, service, queue or function without an alarm',
    explanation: 'Without a CloudWatch alarm on it, a failing, full or backed-up component is found by its users, not by its operators.',
    fix: 'Keep the construct\'s recommended alarms on (its `alarms` prop) or add an aws_cloudwatch_metric_alarm whose dimensions name the resource.',
    check: unwatched,
  },
];
