namespace GitGateway.Proxy.Routing;

/// <summary>
/// The table in service. A swap is one reference write; a request reads the reference once and keeps the table
/// it read until it completes, so in-flight requests finish on the rules they started with.
/// </summary>
internal sealed class RouteTableHolder
{
    private volatile RouteTable _current = RouteTable.Empty;

    public RouteTable Current => _current;

    public bool HasPlan => !ReferenceEquals(_current, RouteTable.Empty);

    public void Swap(RouteTable table) => _current = table;
}
