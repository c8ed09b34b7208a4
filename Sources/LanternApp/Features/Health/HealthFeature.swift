/// Liveness, readiness and metrics for the load balancer and Prometheus.
extension Feature {
    static let health = Feature(name: "Health", register: { routes in HealthController().register(routes) })
}

enum HealthPaths {
    static let live = RoutePath("healthz")
    static let ready = RoutePath("readyz")
    static let metrics = RoutePath("metrics")
}
