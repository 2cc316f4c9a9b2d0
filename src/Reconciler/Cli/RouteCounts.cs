namespace GitGateway.Reconciler.Cli;

/// <summary>How many route objects (HTTPRoute, GRPCRoute, TCPRoute, …) a change adds, changes and removes.</summary>
internal sealed record RouteCounts(int Added, int Changed, int Removed)
{
    public override string ToString() =>
        $"{Plural(Added, "route")} added, {Plural(Changed, "route")} changed, {Plural(Removed, "route")} removed";

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
