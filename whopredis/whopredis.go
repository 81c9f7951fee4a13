// Package whopredis is a whop.WebhookDeduper over Redis (go-redis v9), for
// several server replicas that share one Redis. It is a Go module of its
// own, so that programs using the core github.com/gowhop/whop module do not
// pull in a Redis client.
//
// Each webhook-id is one key, the configured prefix followed by the ID. A
// claim is SET key "c:<token>" NX PX <lease>: only one replica can create
// the key, and Redis deletes it when the lease ends, so a crashed replica's
// claim frees itself. Completing compares the key's value with the claim's
// token and, in the same Lua script, either replaces it with "done" for the
// processed TTL or deletes it; a replica whose lease ran out and was taken
// over finds another token there and changes nothing. Redis expires keys by
// itself, so nothing needs sweeping.
//
// Every command and script touches a single key, so the deduper works on
// Redis Cluster too.
//
// What the deduper cannot promise is what Redis does not keep. Every key it
// writes has an expiry, so a maxmemory-policy that evicts (volatile-* as
// well as allkeys-*) may drop a processed mark before its TTL, and a
// redelivery of that ID then runs the handler function again; use a Redis
// with maxmemory-policy noeviction (a full one then refuses the claim, and
// the handler answers 503). Replication is asynchronous: a failover can
// lose the newest claims and marks in the same way. Keep the handler
// function idempotent.
package whopredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gowhop/whop"
)

// DefaultPrefix starts every key a Deduper writes unless WithPrefix says
// otherwise.
const DefaultPrefix = "whop:webhook:"

// Deduper is a whop.WebhookDeduper keeping claims and processed IDs in
// Redis. Create it with New; it is safe for concurrent use, and any number
// of Dedupers in any number of processes may share one Redis and prefix. A
// Deduper not made by New (nil, or a zero value) answers every call with an
// error, so a webhook handler wired to one answers 503.
type Deduper struct {
	rdb    redis.UniversalClient
	prefix string
	lease  time.Duration
	ttl    time.Duration
}

var _ whop.WebhookDeduper = (*Deduper)(nil)

// Option configures New.
type Option func(*Deduper) error

// WithPrefix sets the prefix of every key, so that several applications
// or environments can share one Redis. It must not be empty.
func WithPrefix(prefix string) Option {
	return func(d *Deduper) error {
		if prefix == "" {
			return &whop.ParamError{Field: "prefix", Reason: "empty key prefix"}
		}
		d.prefix = prefix
		return nil
	}
}

// WithLease sets how long a claim lasts before another delivery of the ID
// may take it over (whop.DefaultWebhookLease by default). It must be at
// least a millisecond, Redis's resolution.
func WithLease(lease time.Duration) Option {
	return func(d *Deduper) error {
		if lease < time.Millisecond {
			return &whop.ParamError{Field: "lease", Reason: fmt.Sprintf("%v is shorter than a millisecond", lease)}
		}
		d.lease = lease
		return nil
	}
}

// WithTTL sets how long a processed ID is remembered
// (whop.DefaultWebhookDedupTTL by default). It must be at least a
// millisecond.
func WithTTL(ttl time.Duration) Option {
	return func(d *Deduper) error {
		if ttl < time.Millisecond {
			return &whop.ParamError{Field: "ttl", Reason: fmt.Sprintf("%v is shorter than a millisecond", ttl)}
		}
		d.ttl = ttl
		return nil
	}
}

// New returns a Deduper over rdb: a *redis.Client, *redis.ClusterClient or
// any other redis.UniversalClient. It does not contact Redis. Invalid
// options give an error matching whop.ErrInvalidParams.
func New(rdb redis.UniversalClient, opts ...Option) (*Deduper, error) {
	if isNilClient(rdb) {
		return nil, &whop.ParamError{Field: "rdb", Reason: "nil Redis client"}
	}
	d := &Deduper{rdb: rdb, prefix: DefaultPrefix, lease: whop.DefaultWebhookLease, ttl: whop.DefaultWebhookDedupTTL}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(d); err != nil {
			return nil, fmt.Errorf("whopredis: %w", err)
		}
	}
	return d, nil
}

// isNilClient reports whether rdb is nil, or one of go-redis's client types
// as a nil pointer, which would panic on the first command.
func isNilClient(rdb redis.UniversalClient) bool {
	switch c := rdb.(type) {
	case nil:
		return true
	case *redis.Client:
		return c == nil
	case *redis.ClusterClient:
		return c == nil
	case *redis.Ring:
		return c == nil
	}
	return false
}

// errNotNew is returned by the methods of a Deduper that New did not make
// (a nil pointer or a zero value), which has no Redis to ask.
var errNotNew = errors.New("whopredis: Deduper was not created by New")

// usable reports whether d came from New.
func (d *Deduper) usable() bool { return d != nil && d.rdb != nil && d.lease > 0 && d.ttl > 0 }

// Key returns the Redis key that holds id's claim or processed mark.
func (d *Deduper) Key(id string) string { return d.prefix + id }

// Values stored under a key: a claim's token behind claimMark, or done.
const (
	claimMark = "c:"
	doneMark  = "done"
)

// claimScript takes the lease with SET NX PX or, when the key exists,
// reports what holds it: 1 claimed, 2 processed, 3 in progress.
var claimScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return 1
end
if redis.call('GET', KEYS[1]) == '` + doneMark + `' then
	return 2
end
return 3
`)

// completeScript ends the claim whose value is ARGV[1] when the key still
// holds it or has expired: ARGV[2] "1" marks the ID processed for ARGV[3]
// milliseconds, "0" deletes it. It returns 1, or 0 when another claim or a
// processed mark holds the key, and then changes nothing.
var completeScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[1] then
	return 0
end
if ARGV[2] == '1' then
	redis.call('SET', KEYS[1], '` + doneMark + `', 'PX', ARGV[3])
elseif v then
	redis.call('DEL', KEYS[1])
end
return 1
`)

// Claim implements whop.WebhookDeduper with one SET NX PX, in a script that
// also reads the holder when the key exists.
func (d *Deduper) Claim(ctx context.Context, id string) (whop.WebhookClaim, whop.WebhookLease, error) {
	if !d.usable() {
		return 0, whop.WebhookLease{}, errNotNew
	}
	token, err := newToken()
	if err != nil {
		return 0, whop.WebhookLease{}, err
	}
	n, err := claimScript.Run(ctx, d.rdb, []string{d.Key(id)}, claimMark+token, d.lease.Milliseconds()).Int()
	if err != nil {
		return 0, whop.WebhookLease{}, fmt.Errorf("whopredis: claiming webhook %q: %w", id, err)
	}
	switch n {
	case 1:
		return whop.WebhookClaimed, whop.WebhookLease{ID: id, Token: token}, nil
	case 2:
		return whop.WebhookAlreadyProcessed, whop.WebhookLease{}, nil
	default:
		return whop.WebhookInProgress, whop.WebhookLease{}, nil
	}
}

// Complete implements whop.WebhookDeduper with a compare-and-set script.
func (d *Deduper) Complete(ctx context.Context, lease whop.WebhookLease, processed bool) error {
	if !d.usable() {
		return errNotNew
	}
	if lease.Token == "" {
		return fmt.Errorf("whopredis: completing webhook %q: %w", lease.ID, whop.ErrWebhookLeaseLost)
	}
	mode := "0"
	if processed {
		mode = "1"
	}
	n, err := completeScript.Run(ctx, d.rdb, []string{d.Key(lease.ID)}, claimMark+lease.Token, mode, d.ttl.Milliseconds()).Int()
	if err != nil {
		return fmt.Errorf("whopredis: completing webhook %q: %w", lease.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("whopredis: completing webhook %q: %w", lease.ID, whop.ErrWebhookLeaseLost)
	}
	return nil
}

// newToken returns 128 random bits in hex, unique to one claim.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("whopredis: claim token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
