import type { PipelineDocument } from '@/lib/document/document';

/**
 * Forecasting a time series: windows of recent days and the season (yearSin, yearCos, derived from
 * the date: without them the model cannot tell spring warming from autumn cooling), standardized
 * with the training windows' statistics, read by an LSTM that predicts the next day's highest
 * temperature. Trained on the absolute error, the measure it is judged by.
 */
export const weatherForecast: PipelineDocument = {
  version: 3,
  name: 'Weather forecaster (LSTM on windows)',
  description:
    "Forecasts tomorrow's highest temperature in Seattle from the last 14 days of weather (rain, highest and lowest temperature, wind, and the season: where the day falls in the year; 2012-2015). " +
    'The split keeps time order: the model learns on the earlier days and is checked on the last 20%, days it has never seen. ' +
    'Time windows cut the days into 14-day windows, Standardize scales them with the training windows only, an LSTM reads each window day by day and a Dense layer gives the forecast. ' +
    'It learns to make the absolute error small and stops once the validation error has not improved for 5 epochs, keeping its best epoch. ' +
    'Expect a validation mean absolute error at least 8% below that of repeating the last day\'s temperature (2.37 °C on the same days).',
  nodes: [
    { id: 'weather', kind: 'data.dataset', params: { dataset: 'seattleWeather' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: false }, position: { x: 346, y: 0 } },
    { id: 'windows', kind: 'preprocess.timeWindow', params: { columns: 'precipitation, temp_max, temp_min, wind, yearSin, yearCos', target: 'temp_max', steps: 14, horizon: 1 }, position: { x: 692, y: 0 } },
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 0, y: 183 } },
    { id: 'memory', kind: 'layer.lstm', params: { units: 16 }, position: { x: 346, y: 183 } },
    { id: 'forecast', kind: 'layer.dense', params: { units: 1, activation: 'linear' }, position: { x: 692, y: 183 } },
    { id: 'loss', kind: 'loss.meanAbsoluteError', params: {}, position: { x: 0, y: 343 } },
    { id: 'mae', kind: 'metric.mae', params: {}, position: { x: 346, y: 343 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: {
        learningRate: 0.005,
        epochs: 40,
        batchSize: 32,
        earlyStopping: true,
        monitor: 'val_mae',
        patience: 5,
        restoreBestWeights: true,
        seed: 42,
      },
      position: { x: 346, y: 465 },
    },
  ],
  edges: [
    { source: 'weather', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'windows', targetPort: 'in' },
    { source: 'windows', sourcePort: 'features', target: 'standardize', targetPort: 'in' },
    { source: 'standardize', sourcePort: 'out', target: 'memory', targetPort: 'in' },
    { source: 'memory', sourcePort: 'out', target: 'forecast', targetPort: 'in' },
    { source: 'forecast', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'windows', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
    { source: 'forecast', sourcePort: 'out', target: 'mae', targetPort: 'prediction' },
    { source: 'windows', sourcePort: 'labels', target: 'mae', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
