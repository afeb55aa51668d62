import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // `next dev` refuses HMR from 127.0.0.1 without this, and the page then never hydrates.
  allowedDevOrigins: ['127.0.0.1'],
};

export default nextConfig;
