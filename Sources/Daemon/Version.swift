/// The version printed by `wfpwatch --version` and carried in alerts' schema.
public enum WFPWatchVersion {
    public static let string = "0.1.0"
}
