package whoptest

// routes registers every endpoint the fake serves.
func (s *Server) routes() {
	s.productRoutes()
	s.tokenRoutes()
	s.paymentRoutes()
	s.paymentMethodRoutes()
	s.checkoutRoutes()
	// access: memberships, users, members, plans, promo codes
	s.membershipRoutes()
	s.userRoutes()
	s.memberRoutes()
	s.planRoutes()
	s.promoCodeRoutes()
	// After the sale.
	s.refundRoutes()
	s.disputeRoutes()
	s.invoiceRoutes()
	s.webhookEndpointRoutes()
}
