"""What the system does, whatever the interface: reads, writes, checks, the audit, import and export."""
