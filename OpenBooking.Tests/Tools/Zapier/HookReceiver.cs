using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenBooking.Tests.Tools.Zapier;

/// <summary>One POST as the receiver saw it, and whether it answered 2xx.</summary>
internal sealed record ReceivedHook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, bool Accepted)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel) standing in for Zapier's Catch Hooks: records every POST, can
/// answer 500 to the next N, and de-duplicates accepted events by their event id as a careful receiver does.
/// </summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private HookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public ConcurrentQueue<ReceivedHook> Requests { get; } = new();

    /// <summary>Events the receiver processed: the first accepted request of each event id.</summary>
    public ConcurrentDictionary<string, ReceivedHook> Processed { get; } = new();

    public IReadOnlyList<ReceivedHook> Accepted => [.. Requests.Where(r => r.Accepted)];

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HookReceiver(app);
        app.MapPost("/{**path}", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var fail = Interlocked.Decrement(ref _failuresLeft) >= 0;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var hook = new ReceivedHook(context.Request.Path, headers, body, !fail);
        Requests.Enqueue(hook);
        if (fail)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
        if (hook.Header("X-OpenBooking-Event-Id") is { } eventId)
        {
            Processed.TryAdd(eventId, hook);
        }
        return Results.Ok(new { status = "success" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
