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

// A cancelled context or a passed deadline ends a call wherever it is:
// connecting, reading the body, or waiting to retry. Each call is cancelled
// once the test server or the client signals that it reached that point,
// and must then return within failAfter, while what it was stuck in would
// last an hour or forever.

// deadline is a per-call timeout for the deadline half of each test. It
// may pass at any point of the call on a loaded machine: the call ends
// with context.DeadlineExceeded wherever it is.
const deadline = 30 * time.Millisecond

// silentListener accepts TCP connections and never says a word, so a TLS
// handshake against it stalls. Closing it drops the held connections.
type silentListener struct {
	net.Listener
	mu       sync.Mutex
	conns    []net.Conn
	done     chan struct{}
	accepted event
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
			s.accepted.fire()
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
		// Cancelled once the listener holds the connection the call
		// opened (or, if a connection the previous call left behind is
		// accepted late, while the call is still connecting).
		err := cancelWhen(t, kind.name, ln.accepted.next(), func(ctx context.Context) error {
			_, err := kind.run(ctx, c)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.NotContains(t, err.Error(), testAPIKey)

		err = bounded(t, kind.name, func() error {
			_, err := kind.run(context.Background(), c, WithRequestTimeout(deadline))
			return err
		})
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
	}

	// The TCP connect itself stalls (a dialer that does not complete), with
	// the caller's own transport. net/http finishes a dial in the
	// background after the request that started it is cancelled (the
	// connection may serve the next request), so the dialer also gives up
	// when the test ends.
	release := make(chan struct{})
	var dialing event
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		dialing.fire()
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
		err := cancelWhen(t, kind.name, dialing.next(), func(ctx context.Context) error {
			_, err := kind.run(ctx, c2)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
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
		// Cancelled once the server has sent half the body and holds the
		// rest.
		err := cancelWhen(t, kind.name, func(ctx context.Context) error { return fc.srv.WaitStalls(ctx, 1) },
			func(ctx context.Context) error {
				_, err := kind.run(ctx, fc.Client)
				return err
			})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.Equal(t, 1, fc.srv.Hits(), "a cancelled call is not retried")

		err = bounded(t, kind.name, func() error {
			_, err := kind.run(context.Background(), fc.Client, WithRequestTimeout(deadline))
			return err
		})
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
		assert.Zero(t, fc.bodies.open.Load())
		fc.cleanup()
	}
}

func TestContextDuringBackoff(t *testing.T) {
	checkNoLeaks(t)
	for _, kind := range callKinds {
		fc := newFaultClient(t)
		var backingOff event
		fc.scaleWait = func(time.Duration) time.Duration { backingOff.fire(); return time.Hour }
		fc.srv.Script(faultserver.JSON(503, `{"error":{"type":"server_error","message":"down"}}`))
		// Cancelled once the client has chosen its (hour-long) back-off
		// after the first answer.
		err := cancelWhen(t, kind.name, backingOff.next(), func(ctx context.Context) error {
			_, err := kind.run(ctx, fc.Client)
			return err
		})
		require.ErrorIs(t, err, context.Canceled, kind.name)
		assert.Equal(t, 1, fc.srv.Hits())
		// The reason the client was retrying is kept in the error.
		assert.Regexp(t, `context canceled \(while retrying after (503 Service Unavailable|429 Too Many Requests)\)( \(idempotency key [^)]+\))?$`, err.Error())

		err = bounded(t, kind.name, func() error {
			_, err := kind.run(context.Background(), fc.Client, WithRequestTimeout(deadline))
			return err
		})
		require.ErrorIs(t, err, context.DeadlineExceeded, kind.name)
		assert.Zero(t, fc.bodies.open.Load())
		fc.cleanup()
	}
}

// A connection error (rather than a status) that led to the retry is
// named the same way, without the URL's query string.
func TestContextCancelKeepsNetworkReason(t *testing.T) {
	fc := newFaultClient(t)
	var backingOff event
	fc.scaleWait = func(time.Duration) time.Duration { backingOff.fire(); return time.Hour }
	fc.srv.Script(faultserver.Reset())
	err := cancelWhen(t, "list", backingOff.next(), func(ctx context.Context) error {
		_, err := fc.Products.List(ctx, &ProductListParams{CompanyID: "biz_secret_search"})
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "while retrying after")
	assert.NotContains(t, err.Error(), "biz_secret_search")
	assert.False(t, errors.Is(err, ErrServer))
}
