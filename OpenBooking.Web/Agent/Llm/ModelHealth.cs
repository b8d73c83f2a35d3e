using NodaTime;
using OpenBooking.Tools.Diagnostics;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The chat model's latest failure, for the dashboard: what went wrong and when, cleared by the next answer. Stored in
/// the database (<see cref="IntegrationHealthStore"/>), so every instance's dashboard shows a failure any instance saw
/// and a restart does not forget it; the error text is the SDK's message, which never carries the key.
/// </summary>
public sealed class ModelHealth(IntegrationHealthStore store)
{
    private const string Key = "agent:model";

    public sealed record Failure(string Error, Instant At);

    /// <summary>The failure since the last answer, if any.</summary>
    public async Task<Failure?> GetLastFailureAsync(CancellationToken cancellationToken = default) =>
        await store.GetAsync(Key, cancellationToken) is { LastFailureAt: { } at } row ? new Failure(row.LastError ?? "", at) : null;

    public Task FailedAsync(string error) => store.RecordFailureAsync(Key, error);

    public Task AnsweredAsync() => store.RecordSuccessAsync(Key, answer: null, clearFailure: true);
}
