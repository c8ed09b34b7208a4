// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "lantern",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lantern", targets: ["lantern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The domain and its rules: plain Swift, no web framework or database in sight.
        .target(
            name: "LanternCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Security/Resources/common-passwords-LICENSE.txt", "Pathway/Resources/coded-lists-LICENSE.txt",
                      "Profile/Resources/citizenship-regions-SOURCE.txt"],
            resources: [.copy("Geography/Resources/london-boroughs.csv"), .copy("Security/Resources/common-passwords.txt"),
                        .copy("Pathway/Resources/nationalities.csv"), .copy("Pathway/Resources/languages.csv"),
                        .copy("Profile/Resources/citizenship-regions.csv"),
                        .copy("Localisation/Catalogues")]
        ),
        // The Vapor application: persistence, security, features, pages, commands.
        .target(
            name: "LanternApp",
            dependencies: [
                "LanternCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Public"), .copy("OpenAPI/openapi.json")]
        ),
        .executableTarget(name: "lantern", dependencies: ["LanternApp"]),
        .testTarget(name: "LanternCoreTests", dependencies: ["LanternCore"]),
        .testTarget(
            name: "LanternAppTests",
            dependencies: [
                "LanternApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
