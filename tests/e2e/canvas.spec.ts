import { test, expect } from './fixtures';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { digitCnnGeometry, shapeText, windowSide } from '../support/digit-cnn-geometry';

const g = digitCnnGeometry();

/** A count as the canvas prints it at the start of the label: 36928, 36,928 or 36 928 (then "params"). */
function countPattern(n: number): RegExp {
  const groups = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ').split(' ');
  return new RegExp(`^\\s*${groups.join('[,.\\s\\u202f]?')}(?![\\d,.])`);
}

test.describe('the digit CNN template on the canvas', () => {
  test.beforeEach(async ({ builder }) => {
    await builder.goto();
    await builder.openTemplate('digit-cnn');
  });

  test('loads, hydrates and shows every node, wire, shape and parameter count', async ({ builder }) => {
    await expect(builder.nodes).toHaveCount(digitCnn.nodes.length);
    // Edges exist only once React Flow runs in the browser: the page has hydrated.
    await expect(builder.edges).toHaveCount(digitCnn.edges.length);
    await expect(builder.edgeShape(shapeText(g.convShape))).toHaveCount(1);
    await expect(builder.edgeShape(shapeText(g.poolShape))).toHaveCount(1);
    await expect(builder.edgeShape(shapeText([null, g.flat]))).toHaveCount(1);
    await expect(builder.node('conv').getByTestId('param-count')).toHaveText(countPattern(g.convParams));
    await expect(builder.node('hidden').getByTestId('param-count')).toHaveText(countPattern(g.hiddenParams));
    await expect(builder.node('classifier').getByTestId('param-count')).toHaveText(countPattern(g.classifierParams));
    for (const id of ['conv', 'pool', 'flatten', 'hidden', 'classifier', 'loss', 'optimizer']) {
      await expect(builder.node(id)).toHaveAttribute('data-state', 'ok');
    }
    await expect(builder.trainButton).toBeEnabled();
  });

  test('changing the Conv2D kernel size in the inspector updates the shapes at once', async ({ builder }) => {
    const conv = digitCnn.nodes.find((n) => n.id === 'conv')!.params;
    const kernel = g.kernel === 3 ? 5 : 3;
    const side = windowSide(28, kernel, Number(conv.strides ?? 1), String(conv.padding ?? 'valid'));
    const pooled = Math.floor(side / 2);

    await builder.selectNode('conv');
    await expect(builder.param('kernelSize')).toHaveValue(String(g.kernel));
    await builder.setParam('kernelSize', kernel);
    await expect(builder.edgeShape(shapeText([null, side, side, g.filters]))).toHaveCount(1);
    await expect(builder.edgeShape(shapeText([null, pooled, pooled, g.filters]))).toHaveCount(1);
    await expect(builder.edgeShape(shapeText(g.convShape))).toHaveCount(0);
    // kernel x kernel x 1 weights per filter, plus a bias each.
    await expect(builder.node('conv').getByTestId('param-count')).toHaveText(countPattern(kernel * kernel * g.filters + g.filters));
  });

  test('an invalid value is shown on its field and blocks training', async ({ builder }) => {
    await builder.selectNode('conv');
    await builder.setParam('kernelSize', 0);
    await expect(builder.inspector.getByTestId('param-error-kernelSize')).toBeVisible();
    await expect(builder.node('conv')).toHaveAttribute('data-state', 'error');
    await expect(builder.trainButton).toBeDisabled();
  });

  test('?backend=webgpu preselects the WebGPU backend', async ({ builder }) => {
    await builder.goto('?backend=webgpu');
    await expect(builder.backendSelect).toHaveValue('webgpu');
  });
});
