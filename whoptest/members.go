package whoptest

import "github.com/gowhop/whop"

// Member is a customer of a company as the fake knows it: the member
// record and the user behind it.
type Member struct {
	ID        string
	CompanyID string
	UserID    string
	Username  string
	Name      string
	Email     string
}

// MemberOption adjusts a seeded member.
type MemberOption func(*Member)

// WithMemberCompany seeds the member into another company than the
// default one.
func WithMemberCompany(companyID string) MemberOption {
	return func(m *Member) { m.CompanyID = companyID }
}

// WithMemberEmail sets the member's email address.
func WithMemberEmail(email string) MemberOption {
	return func(m *Member) { m.Email = email }
}

// SeedMember adds a member (and its user) to the default company, or to
// another with WithMemberCompany, and returns it.
func (s *Server) SeedMember(name string, opts ...MemberOption) Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := Member{CompanyID: DefaultCompanyID, Name: name, Username: slug(name)}
	for _, o := range opts {
		o(&m)
	}
	if m.Username == "" {
		m.Username = "user"
	}
	if m.Email == "" {
		m.Email = m.Username + "@example.com"
	}
	m.ID = s.newID("mber")
	m.UserID = s.newID("user")
	s.state.members[m.ID] = &m
	s.state.memberByUser[memberKey{m.CompanyID, m.UserID}] = &m
	return m
}

type memberKey struct{ companyID, userID string }

// memberOfUserLocked finds the member of company for user.
func (s *Server) memberOfUserLocked(param, companyID, userID string) (*Member, error) {
	if userID == "" {
		return nil, missingParam(param)
	}
	m, ok := s.state.memberByUser[memberKey{companyID, userID}]
	if !ok {
		return nil, notFound("user", userID)
	}
	return m, nil
}

func (m *Member) namePtr() *string {
	if m.Name == "" {
		return nil
	}
	n := m.Name
	return &n
}

func (m *Member) tokenUser() whop.UserRef {
	return whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username}
}
