// Package deduptest checks that a whop.WebhookDeduper follows the rules
// written on that interface, alone and behind several whop.WebhookHandler
// replicas that share it. The in-memory deduper, the PostgreSQL deduper of
// package whopsql and the Redis deduper of module whopredis all pass the same
// suite; a deduper of your own can run it too:
//
//	func TestMyDeduper(t *testing.T) {
//		deduptest.Run(t, func(t *testing.T, lease, ttl time.Duration) deduptest.Store {
//			... // a fresh, empty store whose claims last lease and processed IDs ttl
//		})
//	}
//
// The suite never sleeps: it moves the store's time with Store.Advance and
// waits on channels.
package deduptest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gowhop/whop"
)

// Store is a deduper under test with the hooks the suite needs.
type Store struct {
	// Replica returns the deduper of one more server replica over the
	// shared store: a new client of the same database or Redis, or the same
	// in-memory deduper. Required.
	Replica func(t testing.TB) whop.WebhookDeduper
	// Advance moves the store's time forward by d, so that leases and
	// processed TTLs ending within d end, without waiting for them.
	// Required.
	Advance func(t testing.TB, d time.Duration)
	// SetDown makes the store unreachable for every replica (true) or
	// reachable again (false), as when the database or Redis stops. When
	// nil, the suite stands in for an outage by making the replicas'
	// dedupers fail without calling the store.
	SetDown func(t testing.TB, down bool)
}

// Factory makes a fresh, empty store whose claims last lease and whose
// processed IDs are remembered for ttl. Stores made for different tests
// must not see each other's IDs.
type Factory func(t *testing.T, lease, ttl time.Duration) Store

// The lease and TTL the suite asks for. Time only moves through
// Store.Advance, so they can be long.
const (
	suiteLease = time.Minute
	suiteTTL   = time.Hour
)

// Run runs RunSemantics and RunReplicas.
func Run(t *testing.T, newStore Factory) {
	t.Run("Semantics", func(t *testing.T) { RunSemantics(t, newStore) })
	t.Run("Replicas", func(t *testing.T) { RunReplicas(t, newStore) })
}

// RunSemantics calls Claim and Complete directly and checks each rule of
// whop.WebhookDeduper: one holder at a time, leases that end, success
// remembered for the TTL, failure releasing, stale holders refused.
func RunSemantics(t *testing.T, newStore Factory) {
	ctx := context.Background()

	t.Run("lifecycle", func(t *testing.T) {
		s := newStore(t, suiteLease, suiteTTL)
		a, b := s.Replica(t), s.Replica(t)
		l1 := mustClaim(t, a, "evt_life", whop.WebhookClaimed)
		if l1.ID != "evt_life" || l1.Token == "" {
			t.Fatalf("lease = %+v, want the ID and a token", l1)
		}
		mustClaim(t, b, "evt_life", whop.WebhookInProgress)
		mustClaim(t, a, "evt_other", whop.WebhookClaimed)
		if err := a.Complete(ctx, l1, false); err != nil {
			t.Fatalf("release: %v", err)
		}
		l2 := mustClaim(t, b, "evt_life", whop.WebhookClaimed)
		if l2.Token == l1.Token {
			t.Fatalf("two claims share the token %q", l2.Token)
		}
		if err := b.Complete(ctx, l2, true); err != nil {
			t.Fatalf("complete: %v", err)
		}
		mustClaim(t, a, "evt_life", whop.WebhookAlreadyProcessed)
		mustClaim(t, b, "evt_life", whop.WebhookAlreadyProcessed)
		for _, processed := range []bool{true, false} {
			if err := b.Complete(ctx, l2, processed); !errors.Is(err, whop.ErrWebhookLeaseLost) {
				t.Fatalf("second Complete(%v) of one lease: %v, want ErrWebhookLeaseLost", processed, err)
			}
		}
		mustClaim(t, a, "evt_life", whop.WebhookAlreadyProcessed)
	})

	t.Run("lease ends and a stale holder is refused", func(t *testing.T) {
		s := newStore(t, suiteLease, suiteTTL)
		a, b, c := s.Replica(t), s.Replica(t), s.Replica(t)
		stale := mustClaim(t, a, "evt_lease", whop.WebhookClaimed)
		s.Advance(t, suiteLease/2)
		mustClaim(t, b, "evt_lease", whop.WebhookInProgress)
		s.Advance(t, suiteLease)
		fresh := mustClaim(t, b, "evt_lease", whop.WebhookClaimed)
		for _, processed := range []bool{true, false} {
			if err := a.Complete(ctx, stale, processed); !errors.Is(err, whop.ErrWebhookLeaseLost) {
				t.Fatalf("stale Complete(%v): %v, want ErrWebhookLeaseLost", processed, err)
			}
			mustClaim(t, c, "evt_lease", whop.WebhookInProgress)
		}
		if err := b.Complete(ctx, fresh, true); err != nil {
			t.Fatalf("current holder: %v", err)
		}
		mustClaim(t, c, "evt_lease", whop.WebhookAlreadyProcessed)
	})

	t.Run("holder past its lease, not taken over, completes", func(t *testing.T) {
		s := newStore(t, suiteLease, suiteTTL)
		a, b := s.Replica(t), s.Replica(t)
		l := mustClaim(t, a, "evt_late", whop.WebhookClaimed)
		s.Advance(t, 2*suiteLease)
		if err := a.Complete(ctx, l, true); err != nil {
			t.Fatalf("late Complete: %v", err)
		}
		mustClaim(t, b, "evt_late", whop.WebhookAlreadyProcessed)
	})

	t.Run("processed IDs are forgotten after the TTL", func(t *testing.T) {
		s := newStore(t, suiteLease, suiteTTL)
		a := s.Replica(t)
		l := mustClaim(t, a, "evt_ttl", whop.WebhookClaimed)
		if err := a.Complete(ctx, l, true); err != nil {
			t.Fatal(err)
		}
		s.Advance(t, suiteTTL/2)
		mustClaim(t, a, "evt_ttl", whop.WebhookAlreadyProcessed)
		s.Advance(t, suiteTTL)
		mustClaim(t, a, "evt_ttl", whop.WebhookClaimed)
	})

	t.Run("concurrent claims: exactly one wins", func(t *testing.T) {
		s := newStore(t, suiteLease, suiteTTL)
		replicas := []whop.WebhookDeduper{s.Replica(t), s.Replica(t), s.Replica(t), s.Replica(t)}
		const ids, per = 20, 8
		var won [ids]atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, ids*per)
		for i := 0; i < ids; i++ {
			for j := 0; j < per; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					c, _, err := replicas[j%len(replicas)].Claim(ctx, fmt.Sprintf("evt_race_%d", i))
					if err != nil {
						errs <- err
						return
					}
					if c == whop.WebhookClaimed {
						won[i].Add(1)
					} else if c != whop.WebhookInProgress {
						errs <- fmt.Errorf("evt_race_%d: claim %v", i, c)
					}
				}()
			}
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for i := range won {
			if n := won[i].Load(); n != 1 {
				t.Errorf("evt_race_%d: %d winners, want 1", i, n)
			}
		}
	})
}

func mustClaim(t testing.TB, d whop.WebhookDeduper, id string, want whop.WebhookClaim) whop.WebhookLease {
	t.Helper()
	c, l, err := d.Claim(context.Background(), id)
	if err != nil {
		t.Fatalf("Claim(%q): %v", id, err)
	}
	if c != want {
		t.Fatalf("Claim(%q) = %v, want %v", id, c, want)
	}
	return l
}

// RunReplicas puts four whop.WebhookHandler replicas, each on its own
// loopback server with its own Store.Replica, in front of one store, and
// delivers signed events to them the way Whop does when a load balancer
// spreads its deliveries and redeliveries:
//
//   - 50 events, each delivered 4 times at once to random replicas (200
//     concurrent requests): each event's function runs exactly once, and
//     every delivery gets 200 or the retry-later 409;
//   - a replica whose function hangs past the lease: another replica
//     processes the redelivery, and the hung one cannot release that newer
//     claim when it finally fails;
//   - a function that fails first: the redelivery processes the event;
//   - the store down mid-run: every delivery gets 503 and nothing is
//     processed without a claim; once the store is back, deliveries are
//     processed again.
func RunReplicas(t *testing.T, newStore Factory) {
	t.Run("burst of redeliveries", func(t *testing.T) {
		const events, copies = 50, 4
		var calls [events]atomic.Int32
		cl := newCluster(t, newStore, func(_ context.Context, ev *whop.WebhookEvent) error {
			var i int
			if _, err := fmt.Sscanf(ev.ID, "evt_burst_%d", &i); err != nil || i < 0 || i >= events {
				return fmt.Errorf("unexpected event %q", ev.ID)
			}
			calls[i].Add(1)
			return nil
		})
		start := make(chan struct{})
		var wg sync.WaitGroup
		codes := make(chan string, events*copies)
		for i := 0; i < events; i++ {
			id := fmt.Sprintf("evt_burst_%d", i)
			for j := 0; j < copies; j++ {
				r := rand.IntN(len(cl.urls))
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					if code := cl.deliver(t, r, id); code != http.StatusOK && code != http.StatusConflict {
						codes <- fmt.Sprintf("%s to replica %d: status %d, want 200 or 409", id, r, code)
					}
				}()
			}
		}
		close(start)
		wg.Wait()
		close(codes)
		for msg := range codes {
			t.Error(msg)
		}
		for i := range calls {
			if n := calls[i].Load(); n != 1 {
				t.Errorf("evt_burst_%d processed %d times, want 1", i, n)
			}
		}
		// Every event ended processed: one more redelivery each is
		// acknowledged without running the function.
		cl.settle()
		for i := 0; i < events; i++ {
			id := fmt.Sprintf("evt_burst_%d", i)
			if code := cl.deliver(t, i%len(cl.urls), id); code != http.StatusOK {
				t.Errorf("%s redelivered after the burst: status %d, want 200", id, code)
			}
			if n := calls[i].Load(); n != 1 {
				t.Errorf("%s processed %d times after the burst, want 1", id, n)
			}
		}
	})

	t.Run("hung replica loses its lease", func(t *testing.T) {
		var calls atomic.Int32
		firstIn, firstOut := make(chan struct{}), make(chan struct{})
		secondIn, secondOut := make(chan struct{}), make(chan struct{})
		cl := newCluster(t, newStore, func(context.Context, *whop.WebhookEvent) error {
			switch calls.Add(1) {
			case 1:
				close(firstIn)
				<-firstOut
				return errors.New("gave up after hanging")
			case 2:
				close(secondIn)
				<-secondOut
			}
			return nil
		})
		const id = "evt_hung"
		first := cl.deliverAsync(t, 0, id)
		<-firstIn
		if code := cl.deliver(t, 1, id); code != http.StatusConflict {
			t.Fatalf("redelivery within the lease: status %d, want 409", code)
		}
		cl.store.Advance(t, suiteLease+time.Second)
		second := cl.deliverAsync(t, 2, id)
		<-secondIn
		close(firstOut) // the hung replica fails, past its lease
		if code := <-first; code != http.StatusInternalServerError {
			t.Fatalf("hung replica: status %d, want 500", code)
		}
		if code := cl.deliver(t, 3, id); code != http.StatusConflict {
			t.Fatalf("the hung replica's failure released the newer claim: status %d, want 409", code)
		}
		close(secondOut)
		if code := <-second; code != http.StatusOK {
			t.Fatalf("taking-over replica: status %d, want 200", code)
		}
		cl.settle()
		if code := cl.deliver(t, 0, id); code != http.StatusOK {
			t.Fatalf("after processing: status %d, want 200", code)
		}
		if n := calls.Load(); n != 2 {
			t.Fatalf("%d calls, want 2 (the hung one and the takeover)", n)
		}
	})

	t.Run("failure, then redelivery processes", func(t *testing.T) {
		var calls atomic.Int32
		cl := newCluster(t, newStore, func(context.Context, *whop.WebhookEvent) error {
			if calls.Add(1) == 1 {
				return errors.New("temporary")
			}
			return nil
		})
		const id = "evt_fail_first"
		for i, want := range []int{http.StatusInternalServerError, http.StatusOK, http.StatusOK} {
			if code := cl.deliver(t, i, id); code != want {
				t.Fatalf("delivery %d: status %d, want %d", i, code, want)
			}
			cl.settle()
		}
		if n := calls.Load(); n != 2 {
			t.Fatalf("%d calls, want 2 (the failure and its redelivery)", n)
		}
	})

	t.Run("store down mid-run", func(t *testing.T) {
		var mu sync.Mutex
		calls := map[string]int{}
		holdIn, holdOut := make(chan struct{}), make(chan struct{})
		cl := newCluster(t, newStore, func(_ context.Context, ev *whop.WebhookEvent) error {
			mu.Lock()
			calls[ev.ID]++
			n := calls[ev.ID]
			mu.Unlock()
			if ev.ID == "evt_held" && n == 1 {
				close(holdIn)
				<-holdOut
			}
			return nil
		})
		count := func(id string) int { mu.Lock(); defer mu.Unlock(); return calls[id] }
		if code := cl.deliver(t, 0, "evt_before"); code != http.StatusOK {
			t.Fatalf("before the outage: status %d", code)
		}
		cl.settle()
		held := cl.deliverAsync(t, 0, "evt_held")
		<-holdIn

		cl.setDown(t, true)
		for r := range cl.urls {
			for _, id := range []string{"evt_during", "evt_before", "evt_held"} {
				if code := cl.deliver(t, r, id); code != http.StatusServiceUnavailable {
					t.Errorf("%s to replica %d while the store is down: status %d, want 503", id, r, code)
				}
			}
		}
		if n := count("evt_during"); n != 0 {
			t.Fatalf("processed %d times without a claim", n)
		}
		if n := cl.logged("whop webhook de-duplication unavailable"); n < 3*len(cl.urls) {
			t.Errorf("%d outage errors logged, want one per refused delivery (%d)", n, 3*len(cl.urls))
		}
		// The held delivery finishes while the store is down: its function
		// succeeded, so it is acknowledged, and the failed completion is logged.
		close(holdOut)
		if code := <-held; code != http.StatusOK {
			t.Fatalf("held delivery: status %d, want 200", code)
		}
		// The handler logs once Complete has failed, after its answer; a
		// handler that never logs it hangs here until the test times out.
		cl.logs.waitFor("whop webhook de-duplication could not complete")
		if n := cl.logged("whop webhook de-duplication could not complete"); n != 1 {
			t.Errorf("the failed completion was logged %d times, want 1", n)
		}

		cl.setDown(t, false)
		if code := cl.deliver(t, 1, "evt_during"); code != http.StatusOK || count("evt_during") != 1 {
			t.Fatalf("after recovery: status %d, %d calls, want 200 and 1", code, count("evt_during"))
		}
		cl.settle()
		if code := cl.deliver(t, 2, "evt_before"); code != http.StatusOK || count("evt_before") != 1 {
			t.Fatalf("processed before the outage: status %d, %d calls, want 200 and 1", code, count("evt_before"))
		}
		// The held delivery could not be completed, so its claim stands
		// until its lease ends; only then may a redelivery run it again.
		if code := cl.deliver(t, 3, "evt_held"); code != http.StatusConflict || count("evt_held") != 1 {
			t.Fatalf("uncompleted claim after recovery: status %d, %d calls, want 409 and 1", code, count("evt_held"))
		}
		cl.store.Advance(t, suiteLease+time.Second)
		if code := cl.deliver(t, 3, "evt_held"); code != http.StatusOK || count("evt_held") != 2 {
			t.Fatalf("uncompleted claim after its lease: status %d, %d calls, want 200 and 2", code, count("evt_held"))
		}
	})
}

// cluster is four handler replicas on loopback servers sharing one store.
type cluster struct {
	store  Store
	v      *whop.WebhookVerifier
	urls   []string
	client *http.Client
	down   atomic.Bool // the stand-in outage when Store.SetDown is nil
	logs   *logCounter
	claims *claimTracker
}

func newCluster(t *testing.T, newStore Factory, fn func(context.Context, *whop.WebhookEvent) error) *cluster {
	t.Helper()
	v, err := whop.NewWebhookVerifier("ws_deduptest_secret")
	if err != nil {
		t.Fatal(err)
	}
	cl := &cluster{
		store:  newStore(t, suiteLease, suiteTTL),
		v:      v,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		logs:   newLogCounter(),
		claims: newClaimTracker(),
	}
	t.Cleanup(cl.client.CloseIdleConnections)
	log := slog.New(cl.logs)
	for i := 0; i < 4; i++ {
		var d whop.WebhookDeduper = cl.store.Replica(t)
		if cl.store.SetDown == nil {
			d = gate{d, &cl.down}
		}
		d = tracked{d, cl.claims}
		srv := httptest.NewServer(whop.WebhookHandler(v, fn, whop.WithWebhookDeduplication(d), whop.WithWebhookLogger(log)))
		t.Cleanup(srv.Close)
		cl.urls = append(cl.urls, srv.URL)
	}
	return cl
}

func (cl *cluster) setDown(t testing.TB, down bool) {
	if cl.store.SetDown != nil {
		cl.store.SetDown(t, down)
		return
	}
	cl.down.Store(down)
}

func (cl *cluster) logged(msg string) int { return cl.logs.count(msg) }

// settle waits until every claim a replica took has been completed. A
// handler sends its 200 before it records the success, so a test that
// needs the success recorded (a redelivery answered 200, the log of a
// failed completion) settles first.
func (cl *cluster) settle() { cl.claims.wait() }

// deliver posts a freshly signed delivery of event id to replica r (modulo
// the number of replicas) and returns the status.
func (cl *cluster) deliver(t testing.TB, r int, id string) int {
	body := fmt.Sprintf(`{"id":%q,"api_version":"v1","timestamp":"2026-01-02T03:04:05Z","type":%q,"data":{}}`, id, whop.WebhookEventPaymentSucceeded)
	req, err := http.NewRequest(http.MethodPost, cl.urls[r%len(cl.urls)], strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0
	}
	now := time.Now() // one reading: the signature covers the timestamp header
	req.Header.Set(whop.WebhookHeaderID, id)
	req.Header.Set(whop.WebhookHeaderTimestamp, fmt.Sprint(now.Unix()))
	req.Header.Set(whop.WebhookHeaderSignature, cl.v.Sign(id, now, []byte(body)))
	res, err := cl.client.Do(req)
	if err != nil {
		t.Errorf("delivering %s: %v", id, err)
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func (cl *cluster) deliverAsync(t testing.TB, r int, id string) <-chan int {
	ch := make(chan int, 1)
	go func() { ch <- cl.deliver(t, r, id) }()
	return ch
}

// gate fails every call while down is set, standing in for an unreachable
// store.
type gate struct {
	whop.WebhookDeduper
	down *atomic.Bool
}

var errGateDown = errors.New("deduptest: store down")

func (g gate) Claim(ctx context.Context, id string) (whop.WebhookClaim, whop.WebhookLease, error) {
	if g.down.Load() {
		return 0, whop.WebhookLease{}, errGateDown
	}
	return g.WebhookDeduper.Claim(ctx, id)
}

func (g gate) Complete(ctx context.Context, l whop.WebhookLease, processed bool) error {
	if g.down.Load() {
		return errGateDown
	}
	return g.WebhookDeduper.Complete(ctx, l, processed)
}

// claimTracker counts the claims taken and not yet completed.
type claimTracker struct {
	mu   sync.Mutex
	cond *sync.Cond
	open int
}

func newClaimTracker() *claimTracker {
	c := &claimTracker{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *claimTracker) add(n int) {
	c.mu.Lock()
	c.open += n
	c.mu.Unlock()
	c.cond.Broadcast()
}

// wait blocks until no claim is open.
func (c *claimTracker) wait() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.open > 0 {
		c.cond.Wait()
	}
}

// tracked counts a replica's claims in a claimTracker: one more for each
// Claim that returned WebhookClaimed, one less when its Complete returned,
// whatever the outcome.
type tracked struct {
	whop.WebhookDeduper
	claims *claimTracker
}

func (d tracked) Claim(ctx context.Context, id string) (whop.WebhookClaim, whop.WebhookLease, error) {
	c, l, err := d.WebhookDeduper.Claim(ctx, id)
	if err == nil && c == whop.WebhookClaimed {
		d.claims.add(1)
	}
	return c, l, err
}

func (d tracked) Complete(ctx context.Context, l whop.WebhookLease, processed bool) error {
	defer d.claims.add(-1)
	return d.WebhookDeduper.Complete(ctx, l, processed)
}

// logCounter is a slog.Handler that counts records by message.
type logCounter struct {
	mu      sync.Mutex
	counts  map[string]int
	changed chan struct{} // closed and replaced on every record
}

func newLogCounter() *logCounter {
	return &logCounter{counts: map[string]int{}, changed: make(chan struct{})}
}

func (l *logCounter) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCounter) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.counts[r.Message]++
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	return nil
}

// waitFor blocks until at least one record with msg was handled.
func (l *logCounter) waitFor(msg string) {
	for {
		l.mu.Lock()
		n, changed := l.counts[msg], l.changed
		l.mu.Unlock()
		if n > 0 {
			return
		}
		<-changed
	}
}
func (l *logCounter) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCounter) WithGroup(string) slog.Handler      { return l }
func (l *logCounter) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[msg]
}

// Clock is a settable clock for dedupers that take one, such as
// whop.WithDedupClock: Advance moves it, nothing else does. It is safe for
// concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock reading start.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Benchmark measures d with one Claim and one Complete(processed) of a new
// ID per operation, serially and from 8 goroutines per CPU, and reports
// claims/s besides ns/op.
func Benchmark(b *testing.B, d whop.WebhookDeduper) {
	prefix := fmt.Sprintf("bench_%d_", rand.Uint64())
	var seq atomic.Uint64
	op := func() error {
		ctx := context.Background()
		id := prefix + fmt.Sprint(seq.Add(1))
		c, l, err := d.Claim(ctx, id)
		if err != nil || c != whop.WebhookClaimed {
			return fmt.Errorf("Claim(%q) = %v, %v", id, c, err)
		}
		if err := d.Complete(ctx, l, true); err != nil {
			return fmt.Errorf("Complete(%q): %w", id, err)
		}
		return nil
	}
	b.Run("serial", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := op(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := op(); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
	})
}

// Link is a network path to a store that a test can cut: give Dial to the
// store's client as its dialer (pgx's DialFunc, go-redis's Dialer), and
// SetDown(true) closes every connection it made and refuses new ones until
// SetDown(false). Clients then see what they see when the server stops.
// The zero Link is up and ready to use.
type Link struct {
	mu    sync.Mutex
	down  bool
	conns map[*linkConn]struct{}
}

// ErrLinkDown is the dial error of a Link that is down.
var ErrLinkDown = errors.New("deduptest: link down")

// Dial connects like net.Dialer.DialContext unless the link is down.
func (l *Link) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if l.isDown() {
		return nil, fmt.Errorf("dial %s %s: %w", network, addr, ErrLinkDown)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	lc := &linkConn{Conn: c, l: l}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down {
		c.Close()
		return nil, fmt.Errorf("dial %s %s: %w", network, addr, ErrLinkDown)
	}
	if l.conns == nil {
		l.conns = make(map[*linkConn]struct{})
	}
	l.conns[lc] = struct{}{}
	return lc, nil
}

// SetDown cuts the link (true), closing its open connections, or restores
// it (false).
func (l *Link) SetDown(down bool) {
	l.mu.Lock()
	l.down = down
	var open []*linkConn
	if down {
		for c := range l.conns {
			open = append(open, c)
		}
	}
	l.mu.Unlock()
	for _, c := range open {
		c.Close()
	}
}

func (l *Link) isDown() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.down
}

type linkConn struct {
	net.Conn
	l *Link
}

func (c *linkConn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}
