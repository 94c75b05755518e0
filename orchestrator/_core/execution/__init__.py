"""Planning and executing runs: contexts, plan, executor, results."""
