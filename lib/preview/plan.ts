import { getNodeDefinition } from '@/nodes';
import { trainingParams } from '@/nodes/shared';
import type { Analysis, CompileResult, Issue } from '@/lib/compile/compile';
import { dataStage } from '@/lib/compile/context';
import { topologicalOrder, upstream } from '@/lib/compile/graph';
import { missingInputHint } from '@/lib/compile/wiring';
import { portKey, type PipelineDocument } from '@/lib/document/document';
import { distinctNodeNames } from '@/lib/document/node-name';
import { dataStepSeed } from '@/lib/engine/train';
import type { PreviewPlan, PreviewStep } from './protocol';

/**
 * What a preview of one data or preprocessing node runs: the data node it reads from, the steps
 * between them in flow order (the node last), and which rows it sees. Only the path up to the node
 * has to be sound: a product manager looks at the data before there is a model, loss or optimizer.
 * Seeds are the run's (the optimizer's seed, or its default), so a node after the split sees the
 * very training rows a run would train on and learns its statistics from them.
 */

export type PlanOutcome = { ok: true; plan: PreviewPlan } | { ok: false; message: string; hint: string };

/**
 * Problems about the pipeline as a whole that do not change what this node computes: a second
 * dataset elsewhere on the canvas, or a branch that reads rows before the split (the preview then
 * shows every row, as that branch would see them).
 */
const notAboutThePath = new Set(['E_MULTIPLE_DATASETS', 'E_BYPASSES_SPLIT']);

export function previewPlan(doc: PipelineDocument, compiled: Pick<CompileResult, 'issues' | 'analysis'> & { spec?: { data: { steps: { nodeId: string }[] } } }, nodeId: string): PlanOutcome {
  const name = distinctNodeNames(doc.nodes);
  const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  const refuse = (message: string, hint: string): PlanOutcome => ({ ok: false, message, hint });
  if (!kinds.has(nodeId)) return refuse('This node is no longer on the canvas.', 'Select another node to preview.');
  const def = getNodeDefinition(kinds.get(nodeId)!);
  if (!def || !dataStage.has(def.category)) {
    return refuse(`${name(nodeId)} is not a data or preprocessing node, so it has no rows to show.`, 'Preview a data node or a preprocessing node.');
  }

  const path = upstream(nodeId, doc.edges, () => true);
  const edges = doc.edges.filter((e) => path.has(e.source) && path.has(e.target));
  const order = topologicalOrder([...path], edges);
  if (order.length < path.size) {
    return refuse(`${name(nodeId)} is fed by a loop, so its rows cannot be worked out.`, 'Delete the connection that closes the loop (see Problems on the canvas).');
  }
  const errors = new Map<string, Issue>();
  for (const issue of compiled.issues) {
    if (issue.severity === 'error' && issue.nodeId && !notAboutThePath.has(issue.code) && !errors.has(issue.nodeId)) errors.set(issue.nodeId, issue);
  }

  // The first node in flow order with a problem is the one to fix: the ones after it read its output.
  for (const id of order) {
    const stepDef = getNodeDefinition(kinds.get(id)!);
    if (!stepDef || !dataStage.has(stepDef.category)) {
      return refuse(`${name(nodeId)} reads from ${name(id)}, which is not a data step, so it has no rows to show.`, 'Place preprocessing between the data node and the first layer.');
    }
    const issue = errors.get(id);
    if (issue) return refuse(`Fix the problems on ${name(id)} first: ${issue.message}`, issue.hint);
    const port = stepDef.inputs.find((p) => !edges.some((e) => e.target === id && e.targetPort === p.id));
    if (port) return refuse(`Connect the "${port.label}" input of ${name(id)} first.`, missingInputHint(stepDef, port));
    if (!compiled.analysis.nodes[id]?.params) return refuse(`Fix the settings of ${name(id)} first.`, 'Select it and check its settings in the inspector.');
  }

  const dataNodes = order.filter((id) => getNodeDefinition(kinds.get(id)!)!.category === 'data');
  if (dataNodes.length === 0) {
    return refuse(`${name(nodeId)} is not connected to a data node yet.`, 'Connect a Dataset (or your own CSV file or image folder) to it, through the split where there is one.');
  }
  if (dataNodes.length > 1) return refuse(`${name(nodeId)} reads from ${dataNodes.length} data nodes; a preview shows one table's rows.`, 'Connect it to one data node.');
  const dataNode = dataNodes[0];
  const dataDef = getNodeDefinition(kinds.get(dataNode)!)!;

  const seed = runSeed(doc, compiled.analysis);
  const inRun = compiled.spec?.data.steps.map((s) => s.nodeId);
  const stepIds = order.filter((id) => id !== dataNode);
  const steps: PreviewStep[] = stepIds.map((id, i) => {
    const stepDef = getNodeDefinition(kinds.get(id)!)!;
    // A step's seed depends on its place among the run's steps: take that place when the pipeline compiles.
    const index = inRun?.includes(id) ? inRun.indexOf(id) : i;
    return {
      id,
      kind: stepDef.kind,
      params: compiled.analysis.nodes[id].params!,
      inputs: stepDef.inputs.map((p) => {
        const edge = edges.find((e) => e.target === id && e.targetPort === p.id)!;
        return portKey(edge.source, edge.sourcePort);
      }),
      outputs: stepDef.outputs.map((p) => portKey(id, p.id)),
      seed: dataStepSeed(seed, index, stepDef.kind === 'preprocess.split'),
    };
  });

  const info = compiled.analysis.nodes[nodeId];
  return {
    ok: true,
    plan: {
      nodeId,
      source: dataDef.source!.spec(compiled.analysis.nodes[dataNode].params!),
      sourceKey: portKey(dataNode, dataDef.outputs[0].id),
      steps,
      outputs: def.outputs.flatMap((port) =>
        port.type === 'loss'
          ? []
          : [{ key: portKey(nodeId, port.id), label: port.label ?? port.id, type: port.type, target: info.outputInfo?.[port.id]?.table?.target }],
      ),
      rows: stepIds.some((id) => kinds.get(id) === 'preprocess.split') ? 'train' : 'all',
    },
  };
}

/** The seed a run would use: the one optimizer's, or the default while there is none (or several). */
function runSeed(doc: PipelineDocument, analysis: Analysis): number {
  const optimizers = doc.nodes.filter((n) => getNodeDefinition(n.kind)?.category === 'optimizer');
  const seed = optimizers.length === 1 ? analysis.nodes[optimizers[0].id]?.params?.seed : undefined;
  return typeof seed === 'number' ? seed : trainingParams.seed.parse(undefined);
}
