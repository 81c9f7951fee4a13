package whoptest

import (
	"fmt"
	"slices"
	"sync"
)

// Hold pauses one request inside the server, for tests that need a request
// to be in progress at a moment they choose: a second request with the
// same Idempotency-Key then gets 409, and a client that gives up while it
// is held sees an outcome it cannot know. HoldNextOn returns one.
type Hold struct {
	route    string
	arrived  chan struct{}
	release  chan struct{}
	done     chan struct{}
	released sync.Once
}

// Arrived is closed when the held request has reached the server and is
// waiting; its Idempotency-Key, if any, is then in flight.
func (h *Hold) Arrived() <-chan struct{} { return h.arrived }

// Release lets the held request go on: its endpoint runs even if the
// client has given up meanwhile, as a request the API had accepted would.
// Calling it again, or before the request arrives, is harmless.
func (h *Hold) Release() { h.released.Do(func() { close(h.release) }) }

// Done is closed once the held request's endpoint has run, its outcome is
// recorded under its Idempotency-Key and its webhooks are sent, before its
// answer is written.
func (h *Hold) Done() <-chan struct{} { return h.done }

// HoldNextOn makes the next request to one route that reaches its endpoint
// wait there until the returned Hold is released. The route is named as
// for FailNextOn. A request answered before its endpoint runs (an injected
// fault, a refused or replayed Idempotency-Key) is not held. Close
// releases every hold, so a forgotten one cannot stop the server.
func (s *Server) HoldNextOn(method, pathPattern string) (*Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	route, err := s.routeLocked(method, pathPattern)
	if err != nil {
		return nil, fmt.Errorf("whoptest: HoldNextOn: %w", err)
	}
	h := &Hold{route: route, arrived: make(chan struct{}), release: make(chan struct{}), done: make(chan struct{})}
	s.holds = append(s.holds, h)
	s.allHolds = append(s.allHolds, h)
	return h, nil
}

// takeHold returns the hold queued for the route pattern matched, if any.
func (s *Server) takeHold(pattern string) *Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pattern == "" {
		return nil
	}
	route := routeKey(pattern)
	for i, h := range s.holds {
		if h.route == route {
			s.holds = append(s.holds[:i], s.holds[i+1:]...)
			return h
		}
	}
	return nil
}

// forgetHold drops a hold whose request has finished from those Close
// releases, so a long-running server does not keep them all.
func (s *Server) forgetHold(h *Hold) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.allHolds = slices.DeleteFunc(s.allHolds, func(o *Hold) bool { return o == h })
}

// releaseHolds lets every held request go on, for Close.
func (s *Server) releaseHolds() {
	s.mu.Lock()
	hs := s.allHolds
	s.allHolds, s.holds = nil, nil
	s.mu.Unlock()
	for _, h := range hs {
		h.Release()
	}
}
