extension Kargo {
    /// Constants of the Kargo v1.11 API.
    public enum API {
        public static let version = "kargo.akuity.io/v1alpha1"
        /// The Namespace label Kargo requires before it admits Stages, Warehouses and ProjectConfigs.
        public static let projectLabel = "kargo.akuity.io/project"
        /// The Secret label Kargo's `secret()` expects on generic credentials.
        public static let credentialTypeLabel = "kargo.akuity.io/cred-type"
    }
}
