/** JMH benchmarks of the fd table's hot paths (insert / updateEvents / delete, takeover); no shared state. */
package io.sluice.bench.fdtable;
