"""iec-emulator: a local, stateful Huawei Cloud IEC + IAM endpoint for tests, demos and benchmarks."""
__version__ = "1.0.0"
