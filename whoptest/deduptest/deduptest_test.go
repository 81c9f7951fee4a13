package deduptest_test

import (
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest/deduptest"
)

// memoryStore is the in-memory deduper as a deduptest store: the replicas
// of one process share the one deduper, and its injected clock is the
// store's time.
func memoryStore(_ *testing.T, lease, ttl time.Duration) deduptest.Store {
	clock := deduptest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	d := whop.NewMemoryWebhookDeduper(0, ttl, whop.WithDedupLease(lease), whop.WithDedupClock(clock.Now))
	return deduptest.Store{
		Replica: func(testing.TB) whop.WebhookDeduper { return d },
		Advance: func(_ testing.TB, by time.Duration) { clock.Advance(by) },
	}
}

func TestMemoryWebhookDeduper(t *testing.T) {
	deduptest.Run(t, memoryStore)
}

func BenchmarkClaimComplete(b *testing.B) {
	deduptest.Benchmark(b, whop.NewMemoryWebhookDeduper(0, 0))
}
