package whoptest

import "net/http"

// Patterns lists the routes the server serves ("GET /api/v1/products"),
// for the test that walks them all.
func (s *Server) Patterns() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.patterns...)
}

// SetTestHooks installs the server's test hooks: afterEndpoint runs after
// an endpoint returns and before its webhooks are delivered;
// deliveryWait runs each time a call starts waiting for webhooks another
// call is delivering. Set them before the server serves requests.
func (s *Server) SetTestHooks(afterEndpoint func(r *http.Request), deliveryWait func()) {
	s.hookAfterEndpoint, s.hookDeliveryWait = afterEndpoint, deliveryWait
}
