package whoptest

// Patterns lists the routes the server serves ("GET /api/v1/products"),
// for the test that walks them all.
func (s *Server) Patterns() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.patterns...)
}
