import ImageFactoryManifests

/// The Warehouse that holds a base's new versions back until an image's `rebuildDelay` and `rebuildWindow`
/// allow a rebuild: a copy of the base's Warehouse with a `freightCreationCriteria` (Kargo v1.11 has no
/// per-Freight delay and no promotion windows, so the gate sits where Freight is made).
///
/// Kargo evaluates the criteria at every discovery against the newest version it found. Freight appears at the
/// first discovery where that version was built at least `delay` ago (its `CreatedAt`) and the clock is inside
/// the window; the rebuild-trigger Stage then promotes it at once. A base republished during the delay restarts
/// the wait: only the newest version is ever rebuilt for. Images with the same base and the same policy share one
/// gate; the base's own Warehouse stays as it is for everything else.
enum RebuildGate {
    /// The gate a rebuild for `base` waits behind; nil when `policy` holds nothing back or the base is built
    /// here (its new versions reach the rebuild through its analysis Stage).
    static func warehouse(for base: BaseDependency, policy: RebuildPolicy) -> String? {
        guard policy.isGated, !base.isManaged else { return nil }
        return name(base: base.warehouse, policy: policy)
    }

    static func name(base warehouse: String, policy: RebuildPolicy) -> String {
        var parts = [warehouse]
        if let delay = policy.delay { parts += ["after", delay.description] }
        if let window = policy.window {
            parts += ["window", clockName(window.start), clockName(window.end)]
            if !window.everyDay { parts += window.dayRanges }
        }
        return KubernetesName.make(parts: parts)
    }

    /// A copy of `warehouse` under `name` that makes Freight only when `policy` allows. It looks at least once
    /// while the window is open, however long the base's own interval is.
    static func make(from warehouse: Kargo.Warehouse, name: String, repoURL: String, policy: RebuildPolicy) -> Kargo.Warehouse {
        var gate = warehouse
        gate.metadata.name = name
        // A gate on an external image names it: it may be the only Warehouse that watches that image.
        gate.metadata.labels = FactoryLabels.labels(.rebuildGate, image: warehouse.metadata.labels[FactoryLabels.image], extraCapacity: 1)
        gate.metadata.labels[FactoryLabels.gatedWarehouse] = warehouse.metadata.name
        gate.freightCreationCriteria = criteria(repoURL: repoURL, delay: policy.delay, window: policy.window)
        if let window = policy.window {
            gate.interval = min(warehouse.interval ?? ImageDefaults.kargoInterval, window.length)
        }
        return gate
    }

    /// The criteria expression (raw expr, never `${{ }}`), one condition per line.
    static func criteria(repoURL: String, delay: Kargo.Duration?, window: RebuildWindow?) -> String {
        var conditions: [String] = []
        if let delay {
            let image = Kargo.Freight.image(.string(repoURL)).source
            // CreatedAt is nil for an image without a build time; reading it through nil would fail the Warehouse.
            conditions.append("\(image)?.CreatedAt != nil")
            // `CreatedAt` is a `*metav1.Time`, whose own `Before(*metav1.Time)` shadows `time.Time.Before`: compare
            // through the embedded `time.Time` (expr v1.17.8 with Kargo v1.11.2's types, checked by kargo-expr).
            conditions.append("\(image).CreatedAt.Time.Before(now().Add(duration(\(Kargo.Expression.string("-\(delay)").source))))")
        }
        if let window { conditions.append(contentsOf: windowConditions(window)) }
        return conditions.joined(separator: " &&\n")
    }

    static func windowConditions(_ window: RebuildWindow) -> [String] {
        let clock = "now().UTC().Format(\"15:04\")"
        let weekday = "now().UTC().Format(\"Mon\")"
        func days(_ days: [RebuildWindow.Weekday]) -> String {
            "\(weekday) in [" + days.map { "\"\($0.goName)\"" }.joined(separator: ", ") + "]"
        }
        let opened = "\(clock) >= \"\(RebuildWindow.clock(window.start))\""
        let beforeClose = "\(clock) < \"\(RebuildWindow.clock(window.end))\""
        if !window.wrapsMidnight {
            var conditions: [String] = []
            if !window.everyDay { conditions.append(days(window.days)) }
            if window.start > 0 { conditions.append(opened) }
            if window.end < 1440 { conditions.append(beforeClose) }
            return conditions
        }
        // Past midnight: the evening part on the days it opens, the morning part on the days after them.
        if window.everyDay { return ["(\(opened) || \(beforeClose))"] }
        let nextDays = window.days.map(\.next).sorted()
        return ["((\(days(window.days)) && \(opened)) ||\n (\(days(nextDays)) && \(beforeClose)))"]
    }

    private static func clockName(_ minutes: Int) -> String {
        RebuildWindow.clock(minutes).replacingOccurrences(of: ":", with: "")
    }
}
