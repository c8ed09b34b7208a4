/// The steps of signing in, which more than the Accounts feature sends people to: a page
/// that needs a signed-in person (the error middleware), the header's sign-in link, and the
/// end of setting up Lantern or accepting an invitation (enrolling a second factor). They
/// live beside the sessions, and the Accounts feature registers its routes at these paths,
/// so no feature reaches into Accounts for them.
enum SignInPaths {
    static let signIn = RoutePath("sign-in")
    static let code = RoutePath("sign-in", "code")
    static let secondFactorSetup = RoutePath("second-factor", "setup")
}

extension Href {
    static let signIn = Href(SignInPaths.signIn)
    static let signInCode = Href(SignInPaths.code)
    static let secondFactorSetup = Href(SignInPaths.secondFactorSetup)
}
