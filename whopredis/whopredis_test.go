package whopredis_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whopredis"
	"github.com/gowhop/whop/whoptest/deduptest"
)

const addrVar = "WHOP_TEST_REDIS_ADDR"

// newClient connects to the test Redis through link (nil: directly), or
// skips the test when WHOP_TEST_REDIS_ADDR is unset.
func newClient(t testing.TB, link *deduptest.Link) *redis.Client {
	t.Helper()
	addr := os.Getenv(addrVar)
	if addr == "" {
		t.Skipf("%s is not set; scripts/test-integration starts redis-server and sets it", addrVar)
	}
	opts := &redis.Options{Addr: addr, PoolSize: 16}
	if link != nil {
		// A cut link fails at once instead of after go-redis's retries
		// and their back-off.
		opts.Dialer = link.Dial
		opts.MaxRetries = -1
		opts.DialerRetries = 1
		opts.DialerRetryTimeout = time.Millisecond
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	return c
}

// testPrefix is a key prefix of the test's own; the keys are deleted
// afterwards.
func testPrefix(t testing.TB, rdb *redis.Client) string {
	prefix := fmt.Sprintf("whoptest:%x:", rand.Uint64())
	t.Cleanup(func() {
		ctx := context.Background()
		keys, err := rdb.Keys(ctx, prefix+"*").Result()
		if err == nil && len(keys) > 0 {
			err = rdb.Del(ctx, keys...).Err()
		}
		if err != nil {
			t.Errorf("deleting %s*: %v", prefix, err)
		}
	})
	return prefix
}

// advance moves every lease and TTL under prefix forward by by: keys whose
// time ends within it are deleted, as Redis would expire them.
func advance(t testing.TB, rdb *redis.Client, prefix string, by time.Duration) {
	t.Helper()
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		left, err := rdb.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		if left < 0 {
			t.Fatalf("key %s has no expiry (%v)", k, left)
		}
		if left <= by {
			err = rdb.Del(ctx, k).Err()
		} else {
			err = rdb.PExpire(ctx, k, left-by).Err()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// redisStore is Redis as a deduptest store: every replica has its own
// client through one Link, which the outage test cuts.
func redisStore(t *testing.T, lease, ttl time.Duration) deduptest.Store {
	admin := newClient(t, nil)
	prefix := testPrefix(t, admin)
	link := &deduptest.Link{}
	return deduptest.Store{
		Replica: func(t testing.TB) whop.WebhookDeduper {
			d, err := whopredis.New(newClient(t, link), whopredis.WithPrefix(prefix), whopredis.WithLease(lease), whopredis.WithTTL(ttl))
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		Advance: func(t testing.TB, by time.Duration) { advance(t, admin, prefix, by) },
		SetDown: func(_ testing.TB, down bool) { link.SetDown(down) },
	}
}

func TestDeduperRedis(t *testing.T) {
	newClient(t, nil) // skips the whole suite at once without Redis
	deduptest.Run(t, redisStore)
}

func TestKeysAndExpiry(t *testing.T) {
	ctx := context.Background()
	rdb := newClient(t, nil)
	prefix := testPrefix(t, rdb)
	d, err := whopredis.New(rdb, whopredis.WithPrefix(prefix), whopredis.WithLease(time.Minute), whopredis.WithTTL(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d.Key("evt_1") != prefix+"evt_1" {
		t.Fatalf("Key = %q", d.Key("evt_1"))
	}
	_, l, err := d.Claim(ctx, "evt_1")
	if err != nil {
		t.Fatal(err)
	}
	if left := rdb.PTTL(ctx, d.Key("evt_1")).Val(); left <= 0 || left > time.Minute {
		t.Fatalf("claim expires in %v, want within the lease", left)
	}
	if err := d.Complete(ctx, l, true); err != nil {
		t.Fatal(err)
	}
	if left := rdb.PTTL(ctx, d.Key("evt_1")).Val(); left <= time.Minute || left > time.Hour {
		t.Fatalf("processed mark expires in %v, want within the TTL and past the lease", left)
	}
	if n := rdb.Exists(ctx, whopredis.DefaultPrefix+"evt_1").Val(); n != 0 {
		t.Fatal("wrote under the default prefix")
	}
}

func TestStoreErrors(t *testing.T) {
	ctx := context.Background()
	link := &deduptest.Link{}
	link.SetDown(true)
	rdb := newClient(t, link)
	d, err := whopredis.New(rdb, whopredis.WithPrefix(testPrefix(t, newClient(t, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Claim(ctx, "evt_x"); !errors.Is(err, deduptest.ErrLinkDown) {
		t.Fatalf("Claim with Redis down: %v", err)
	}
	for _, processed := range []bool{true, false} {
		if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x", Token: "t"}, processed); !errors.Is(err, deduptest.ErrLinkDown) {
			t.Fatalf("Complete(%v) with Redis down: %v", processed, err)
		}
		if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x"}, processed); !errors.Is(err, whop.ErrWebhookLeaseLost) {
			t.Fatalf("Complete(%v) without a token: %v", processed, err)
		}
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	// New does not connect, so this runs without Redis.
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	tests := map[string]struct {
		rdb   redis.UniversalClient
		opt   whopredis.Option
		field string
	}{
		"nil client":   {nil, nil, "rdb"},
		"empty prefix": {rdb, whopredis.WithPrefix(""), "prefix"},
		"zero lease":   {rdb, whopredis.WithLease(0), "lease"},
		"short ttl":    {rdb, whopredis.WithTTL(time.Microsecond), "ttl"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := whopredis.New(tc.rdb, tc.opt)
			var pe *whop.ParamError
			if d != nil || !errors.Is(err, whop.ErrInvalidParams) || !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("New = %v, %v; want a *whop.ParamError for %q", d, err, tc.field)
			}
		})
	}
	d, err := whopredis.New(rdb, nil)
	if err != nil || d.Key("x") != whopredis.DefaultPrefix+"x" {
		t.Fatalf("defaults: %v, %v", d, err)
	}
}

func BenchmarkClaimComplete(b *testing.B) {
	rdb := newClient(b, nil)
	d, err := whopredis.New(rdb, whopredis.WithPrefix(testPrefix(b, rdb)))
	if err != nil {
		b.Fatal(err)
	}
	deduptest.Benchmark(b, d)
}

// TestNilAndZeroDeduperRefuse: a Deduper not made by New (nil, or declared
// as a value), or one given a nil *redis.Client, answers every call with
// an error, which the webhook handler turns into 503, instead of
// panicking. It runs without Redis.
func TestNilAndZeroDeduperRefuse(t *testing.T) {
	ctx := context.Background()
	for name, d := range map[string]*whopredis.Deduper{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := d.Claim(ctx, "evt_x"); err == nil {
				t.Error("Claim: no error")
			}
			for _, processed := range []bool{true, false} {
				if err := d.Complete(ctx, whop.WebhookLease{ID: "evt_x", Token: "t"}, processed); err == nil || errors.Is(err, whop.ErrWebhookLeaseLost) {
					t.Errorf("Complete(%v): %v, want an error other than a lost lease", processed, err)
				}
			}
		})
	}
	for name, rdb := range map[string]redis.UniversalClient{
		"nil *redis.Client":        (*redis.Client)(nil),
		"nil *redis.ClusterClient": (*redis.ClusterClient)(nil),
		"nil *redis.Ring":          (*redis.Ring)(nil),
	} {
		d, err := whopredis.New(rdb)
		var pe *whop.ParamError
		if d != nil || !errors.As(err, &pe) || pe.Field != "rdb" {
			t.Errorf("New(%s) = %v, %v; want a *whop.ParamError for rdb", name, d, err)
		}
	}
}
