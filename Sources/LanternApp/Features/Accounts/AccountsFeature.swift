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
    // The signing-in steps other places send people to are declared beside the sessions.
    static let signIn = SignInPaths.signIn
    static let signInCode = SignInPaths.code
    static let signOut = RoutePath("sign-out")
    static let signedOut = RoutePath("signed-out")
    static let secondFactorSetup = SignInPaths.secondFactorSetup
    static let account = RoutePath("account")
    static let password = RoutePath("account", "password")
    static let tokens = RoutePath("account", "tokens")
    static let revokeToken = RoutePath("account", "tokens", ":tokenID", "revoke")
}

extension Href {
    static let signOut = Href(AccountPaths.signOut)
    static let signedOut = Href(AccountPaths.signedOut)
    static let account = Href(AccountPaths.account)
    static let accountPassword = Href(AccountPaths.password)
    static let accountTokens = Href(AccountPaths.tokens)
    static func revokeToken(_ id: String) -> Href { AccountPaths.revokeToken.href(id) }
}
