using GitGateway.Vip.Announcing;
using GitGateway.VipHost;

VipHostOptions options;
try
{
    options = VipHostOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(VipHostOptions.Usage);
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.WithdrawDelay + TimeSpan.FromSeconds(10));
builder.WebHost.ConfigureKestrel(k =>
{
    if (options.StatusPort is { } port)
    {
        k.Listen(options.StatusAddress, port);
    }
});
var readiness = new ProxyReadinessSource(options.AlwaysReady ? ProxyReadiness.AlwaysReady : ProxyReadiness.NotReady);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(readiness);
builder.Services.AddSingleton(sp => new VipAnnouncer(options.Announcer, readiness, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton(sp => new PlanFileWatcher(options.PlanPath, sp.GetRequiredService<VipAnnouncer>(), options.PollInterval, TimeProvider.System, sp.GetRequiredService<ILogger<PlanFileWatcher>>()));
if (options.ReadyUrl is { } url)
{
    builder.Services.AddHttpClient();
    builder.Services.AddSingleton(sp => new HttpReadinessPoller(
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(), url, readiness, options.PollInterval, TimeProvider.System, sp.GetRequiredService<ILogger<HttpReadinessPoller>>()));
}

builder.Services.AddHostedService(sp => new AnnouncerService(
    sp.GetRequiredService<VipAnnouncer>(), sp.GetRequiredService<PlanFileWatcher>(), options, sp.GetService<HttpReadinessPoller>()));

var app = builder.Build();
var announcer = app.Services.GetRequiredService<VipAnnouncer>();
app.MapGet("/status", () => Results.Text(
    StatusFormatter.Json(options.Announcer.NodeName, readiness.Current, announcer.DesiredRoutes, announcer.Status, TimeProvider.System.GetUtcNow()),
    "application/json"));
app.MapGet("/metrics", () => Results.Text(
    StatusFormatter.Prometheus(readiness.Current, announcer.DesiredRoutes, announcer.Status, TimeProvider.System.GetUtcNow()),
    "text/plain; version=0.0.4"));
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
return 0;
