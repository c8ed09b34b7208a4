import LanternCore

/// Signing in and out, the second factor, and a person's own account.
extension Feature {
    static let accounts = Feature(
        name: "Accounts",
        register: { routes in
            SignInController().register(routes)
            SecondFactorEnrolment().register(routes)
            AccountController().register(routes)
        },
        navigation: [NavigationEntry(label: "Your account", href: .account, audience: .signedIn, order: 1000)],
        homeCards: [HomeCard(title: "Your account", text: "Password, API tokens and recovery codes.",
                             href: .account, audience: .signedIn, order: 1000)])
}

enum AccountPaths {
    static let signIn = RoutePath("sign-in")
    static let signInCode = RoutePath("sign-in", "code")
    static let signOut = RoutePath("sign-out")
    static let signedOut = RoutePath("signed-out")
    static let secondFactorSetup = RoutePath("second-factor", "setup")
    static let account = RoutePath("account")
    static let password = RoutePath("account", "password")
    static let tokens = RoutePath("account", "tokens")
    static let revokeToken = RoutePath("account", "tokens", ":tokenID", "revoke")
}

extension Href {
    static let signIn = Href(AccountPaths.signIn)
    static let signInCode = Href(AccountPaths.signInCode)
    static let signOut = Href(AccountPaths.signOut)
    static let signedOut = Href(AccountPaths.signedOut)
    static let secondFactorSetup = Href(AccountPaths.secondFactorSetup)
    static let account = Href(AccountPaths.account)
    static let accountPassword = Href(AccountPaths.password)
    static let accountTokens = Href(AccountPaths.tokens)
    static func revokeToken(_ id: String) -> Href { AccountPaths.revokeToken.href(id) }
}
