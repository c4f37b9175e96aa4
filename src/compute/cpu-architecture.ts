/** The CPU architecture a Fargate task runs on. */
export enum CpuArchitecture {
  /** Intel/AMD 64-bit; the only architecture Fargate Spot offers. */
  X86_64 = 'X86_64',
  /** AWS Graviton (about 20 % cheaper per vCPU-hour); not offered on Fargate Spot. */
  ARM64 = 'ARM64',
}
