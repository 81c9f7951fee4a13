package whop

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cancelled context or a passed deadline ends a call promptly wherever it
// is: connecting, reading the body, or waiting to retry. "Promptly" is a few
// milliseconds; the bound asserted is promptSlack so that a loaded CI
// machine never flakes, and it is still far below the stalls (an hour, or
// the server holding the connection forever) the calls would otherwise sit
// through.
const promptSlack = 500 * time.Millisecond

// cancelAfter runs call with a context cancelled after d, and returns how
// long after the cancel it returned (negative if before) and its error.
func cancelAfter(d time.Duration, call func(ctx context.Context) error) (time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt time.Time
	var mu sync.Mutex
	timer := time.AfterFunc(d, func() {
		mu.Lock()
		cancelledAt = time.Now()
		mu.Unlock()
		cancel()
	})
	defer timer.Stop()
	err := call(ctx)
	end := time.Now()
	mu.Lock()
	defer mu.Unlock()
	if cancelledAt.IsZero() {
		return -1, err
	}
	return end.Sub(cancelledAt), err
}

// silentListener accepts TCP connections and never says a word, so a TLS
// handshake against it stalls. Closing it drops the held connections.
type silentListener struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
	done  chan struct{}
}

func newSilentListener(t *testing.T) *silentListener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &silentListener{Listener: ln, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s
}

func (s *silentListener) close() {
	_ = s.Listener.Close()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
}

func closeClientIdle(c *Client) {
	if k, ok := c.rc.HTTPClient.Transport.(keepIdle); ok {
		if tr, ok := k.rt.(*http.Transport); ok {
			tr.CloseIdleConnections()
		}
	}
}

func TestContextDuringConnect(t *testing.T) {
	checkNoLeaks(t)
	// The TLS handshake stalls: the server accepted the TCP connection but
	// never answers. The client's own transport is used.
	ln := newSilentListener(t)
	defer ln.close()
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL("https://"+ln.Addr().String()+testBasePath))
	require.NoError(t, err)
	defer closeClientIdle(c)

	for _, kind := range callKinds {
		after, err := cancelAfter(30*time.Millisecond, func(ctx context.Context) error {
			_, err := kind.run(ctx, c)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.GreaterOrEqual(t, after, time.Duration(0), "returned only after the cancel")
		assert.Less(t, after, promptSlack, "%s returned %v after the cancel", kind.name, after)
		assert.NotContains(t, err.Error(), testAPIKey)

		start := time.Now()
		_, err = kind.run(context.Background(), c, WithRequestTimeout(30*time.Millisecond))
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
		assert.Less(t, time.Since(start), 30*time.Millisecond+promptSlack)
	}

	// The TCP connect itself stalls (a dialer that does not complete), with
	// the caller's own transport. net/http finishes a dial in the
	// background after the request that started it is cancelled (the
	// connection may serve the next request), so the dialer also gives up
	// when the test ends.
	release := make(chan struct{})
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-release:
			return nil, errors.New("test over")
		}
	}}
	defer func() { close(release); tr.CloseIdleConnections() }()
	c2, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL("https://whop.invalid"+testBasePath),
		WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	for _, kind := range callKinds {
		after, err := cancelAfter(30*time.Millisecond, func(ctx context.Context) error {
			_, err := kind.run(ctx, c2)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.GreaterOrEqual(t, after, time.Duration(0))
		assert.Less(t, after, promptSlack)
	}
}

func TestContextDuringBodyRead(t *testing.T) {
	checkNoLeaks(t)
	for _, kind := range callKinds {
		fc := newFaultClient(t)
		// Headers and half the body arrive, then the server holds the
		// connection.
		fc.srv.Handle(func(_ int, r *http.Request) faultserver.Action {
			return faultserver.StallBody(200, okBody(r.Method))
		})
		after, err := cancelAfter(30*time.Millisecond, func(ctx context.Context) error {
			_, err := kind.run(ctx, fc.Client)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.GreaterOrEqual(t, after, time.Duration(0))
		assert.Less(t, after, promptSlack, "%s returned %v after the cancel", kind.name, after)
		assert.Equal(t, 1, fc.srv.Hits(), "a cancelled call is not retried")

		start := time.Now()
		_, err = kind.run(context.Background(), fc.Client, WithRequestTimeout(30*time.Millisecond))
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
		assert.Less(t, time.Since(start), 30*time.Millisecond+promptSlack)
		assert.Zero(t, fc.bodies.open.Load())
		fc.cleanup()
	}
}

func TestContextDuringBackoff(t *testing.T) {
	checkNoLeaks(t)
	for _, kind := range callKinds {
		fc := newFaultClient(t)
		fc.scaleWait = func(time.Duration) time.Duration { return time.Hour }
		fc.srv.Script(faultserver.JSON(503, `{"error":{"type":"server_error","message":"down"}}`))
		after, err := cancelAfter(30*time.Millisecond, func(ctx context.Context) error {
			_, err := kind.run(ctx, fc.Client)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.GreaterOrEqual(t, after, time.Duration(0))
		assert.Less(t, after, promptSlack, "%s returned %v after the cancel", kind.name, after)
		assert.Equal(t, 1, fc.srv.Hits())
		// The reason the client was retrying is kept in the error.
		assert.Regexp(t, `context canceled \(while retrying after (503 Service Unavailable|429 Too Many Requests)\)( \(idempotency key [^)]+\))?$`, err.Error())

		start := time.Now()
		_, err = kind.run(context.Background(), fc.Client, WithRequestTimeout(30*time.Millisecond))
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
		assert.Less(t, time.Since(start), 30*time.Millisecond+promptSlack)
		assert.Zero(t, fc.bodies.open.Load())
		fc.cleanup()
	}
}

// A connection error (rather than a status) that led to the retry is
// named the same way, without the URL's query string.
func TestContextCancelKeepsNetworkReason(t *testing.T) {
	fc := newFaultClient(t)
	fc.scaleWait = func(time.Duration) time.Duration { return time.Hour }
	fc.srv.Script(faultserver.Reset())
	_, err := cancelAfter(30*time.Millisecond, func(ctx context.Context) error {
		_, err := fc.Products.List(ctx, &ProductListParams{CompanyID: "biz_secret_search"})
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "while retrying after")
	assert.NotContains(t, err.Error(), "biz_secret_search")
	assert.False(t, errors.Is(err, ErrServer))
}
