package whoptest

import (
	"fmt"
	"net/http"
	"strings"
)

// routeFault fails the next n requests that reach one route.
type routeFault struct {
	route string // the route's pattern with wildcard names erased
	n     int
	fault fault
}

// FailNextOn makes the next n requests to one route fail with status and
// the given extra headers, as FailNext does for every route; requests to
// other routes are served normally. The route is a method and a path
// pattern as the API documents it, relative to /api/v1:
//
//	srv.FailNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusServiceUnavailable, nil)
//
// Wildcard names do not matter ("/payments/{payment_id}/refund" is the
// same route), and a pattern may also start with /api/v1. Calls for the
// same route queue up, with those of FailAfterNextOn. Faults queued with
// FailNext are served first. It returns an error, and queues nothing, when
// the server has no such route or n is not positive.
//
// The failed requests never reach the endpoint, as if a proxy in front of
// the API had refused them, so nothing is remembered under their
// Idempotency-Key: sending them again runs them.
func (s *Server) FailNextOn(method, pathPattern string, n, status int, header http.Header) error {
	return s.queueRouteFault("FailNextOn", method, pathPattern, n, fault{status: status, header: header.Clone()})
}

// FailAfterNextOn is FailNextOn for an answer lost on its way back: the
// next n requests to the route are carried out as usual (the payment is
// created, the refund applied, the webhooks sent, the outcome kept under
// the request's Idempotency-Key), and then answered with status and
// header instead of their result. It models the case a client cannot
// resolve alone, a call whose outcome is unknown; a retry under the same
// key gets the outcome that was lost:
//
//	srv.FailAfterNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusBadGateway, nil)
func (s *Server) FailAfterNextOn(method, pathPattern string, n, status int, header http.Header) error {
	return s.queueRouteFault("FailAfterNextOn", method, pathPattern, n, fault{status: status, header: header.Clone(), after: true})
}

func (s *Server) queueRouteFault(name, method, pathPattern string, n int, f fault) error {
	if n <= 0 {
		return fmt.Errorf("whoptest: %s: n must be positive, got %d", name, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	route, err := s.routeLocked(method, pathPattern)
	if err != nil {
		return fmt.Errorf("whoptest: %s: %w", name, err)
	}
	s.routeFaults = append(s.routeFaults, routeFault{route: route, n: n, fault: f})
	return nil
}

// routeLocked returns the route key of a method and path pattern the
// server serves, or an error naming them. Callers hold s.mu.
func (s *Server) routeLocked(method, pathPattern string) (string, error) {
	route := routeKey(method + " " + BasePath + strings.TrimPrefix(pathPattern, BasePath))
	for _, p := range s.patterns {
		if routeKey(p) == route {
			return route, nil
		}
	}
	return "", fmt.Errorf("the fake serves no route %s %s", method, pathPattern)
}

// takeRouteFaultLocked returns the fault queued for the route pattern r
// matched, if any, and counts it down. Callers hold s.mu.
func (s *Server) takeRouteFaultLocked(pattern string) *fault {
	if len(s.routeFaults) == 0 || pattern == "" {
		return nil
	}
	route := routeKey(pattern)
	for i := range s.routeFaults {
		rf := &s.routeFaults[i]
		if rf.route != route {
			continue
		}
		f := rf.fault
		if rf.n--; rf.n == 0 {
			s.routeFaults = append(s.routeFaults[:i], s.routeFaults[i+1:]...)
		}
		return &f
	}
	return nil
}

// routeKey erases the names of a pattern's wildcards, so that
// "POST /api/v1/payments/{id}/refund" and ".../{payment_id}/refund" match.
func routeKey(pattern string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(pattern, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(pattern[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(pattern[:open+1])
		pattern = pattern[open+end:]
	}
	b.WriteString(pattern)
	return b.String()
}
