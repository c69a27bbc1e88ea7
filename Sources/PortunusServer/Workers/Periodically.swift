import ServiceLifecycle

/// Runs `body` every `interval` seconds until the service group shuts down: first after one
/// interval, or at once with `immediately`. What the workers share.
func periodically(every interval: Double, immediately: Bool = false, _ body: () async -> Void) async {
    var wait = !immediately
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        if wait {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
        }
        wait = true
        await body()
    }
}
