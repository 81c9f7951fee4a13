package whop

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tests synchronise on events (a request reached the server, a back-off
// wait began, a dial started), never on a guess of how long something
// takes: the suite has to pass on a loaded two-core machine while other
// packages are still compiling.

// failAfter bounds a wait for an event or for a call to return, so that a
// broken client fails the test instead of hanging it. Nothing passes because
// it elapsed, and the stalls it guards against are far longer: an hour of
// back-off, a server that never answers, the client's 60 s default timeout.
const failAfter = 30 * time.Second

// event counts occurrences of something a test waits for.
type event struct {
	mu sync.Mutex
	n  int
	// changed is closed (and cleared) on every occurrence.
	changed chan struct{}
}

// fire records one occurrence.
func (e *event) fire() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	if e.changed != nil {
		close(e.changed)
		e.changed = nil
	}
}

// count is the number of occurrences so far.
func (e *event) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n
}

// wait blocks until at least n occurrences, or until ctx ends.
func (e *event) wait(ctx context.Context, n int) error {
	for {
		e.mu.Lock()
		if e.n >= n {
			e.mu.Unlock()
			return nil
		}
		if e.changed == nil {
			e.changed = make(chan struct{})
		}
		changed := e.changed
		e.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// next returns a wait for the occurrence after those seen so far, for
// cancelWhen.
func (e *event) next() func(context.Context) error {
	n := e.count() + 1
	return func(ctx context.Context) error { return e.wait(ctx, n) }
}

// bounded runs call and returns its error. The test fails at once if call
// has not returned within failAfter; the call is then abandoned.
func bounded(t *testing.T, what string, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	timer := time.NewTimer(failAfter)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		t.Fatalf("%s: still running after %v", what, failAfter)
		return nil
	}
}

// cancelWhen runs call with a context that is cancelled as soon as
// happened returns nil (the event the test waits for, such as the server
// holding the request), and returns call's error. The test fails if call
// returns before the event (nothing was cancelled then) or does not return
// within failAfter.
func cancelWhen(t *testing.T, what string, happened func(context.Context) error, call func(context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, stopWaiting := context.WithCancel(context.Background())
	defer stopWaiting()
	var cancelled atomic.Bool
	waiter := make(chan struct{})
	go func() {
		defer close(waiter)
		if happened(stop) == nil {
			cancelled.Store(true)
			cancel()
		}
	}()
	err := bounded(t, what, func() error { return call(ctx) })
	stopWaiting()
	<-waiter
	if !cancelled.Load() {
		t.Fatalf("%s returned before it was cancelled: %v", what, err)
	}
	return err
}
