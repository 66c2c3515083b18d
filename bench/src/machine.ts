/** What the figures were measured on: they mean nothing without it. */
import { cpus, loadavg, totalmem } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  memory_gb: number
  node: string
  platform: string
  date: string
  /** 1-minute load average when the figures were taken: other work on the machine shows here. */
  load_average: number
}

export function machine(): Machine {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    load_average: Math.round(loadavg()[0]! * 100) / 100,
  }
}
