namespace GitGateway.Proxy.Hosting;

/// <summary>A bound local port serving one kind of traffic.</summary>
internal interface IPortServer
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops accepting, lets in-flight work finish until the token fires, then closes what is left.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
