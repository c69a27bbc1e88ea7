import Portunus

extension DataDirectoryOptions {
    func withBiometrics<T>(_ body: (BiometricService) throws -> T) throws -> T {
        try withStore { store in try body(BiometricService(galleries: BiometricGalleries(store: store, dataDirectory: configuration.dataDirectory))) }
    }
}
