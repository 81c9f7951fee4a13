package whoptest

// routes registers every endpoint the fake serves.
func (s *Server) routes() {
	s.productRoutes()
	s.tokenRoutes()
	s.paymentRoutes()
	s.paymentMethodRoutes()
	s.checkoutRoutes()
	// After the sale.
	s.refundRoutes()
	s.disputeRoutes()
	s.invoiceRoutes()
	s.webhookEndpointRoutes()
}
