import type { Metadata, Viewport } from 'next';
import '@xyflow/react/dist/style.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'Pipeline Builder · visual machine learning in the browser',
  description:
    'Wire a dataset, layers, a loss and an optimizer on a canvas, see every tensor shape as you go, and train the model in your browser on WebGPU.',
};

export const viewport: Viewport = {
  themeColor: '#09090b',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
