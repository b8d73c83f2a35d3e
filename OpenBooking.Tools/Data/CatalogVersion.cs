using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenBooking.Tools.Data;

/// <summary>
/// The version of the services and closures this process has seen: the service catalog keeps what it read until this
/// moves. It moves when this process saves a service or a closure (<see cref="CatalogChangeInterceptor"/>, at once) and
/// when the database's <see cref="ChangeStamp.Catalog"/> stamp moved, whoever wrote it (<see cref="ChangeStampWatcher"/>).
/// </summary>
public sealed class CatalogVersion
{
    private long _current;

    public long Current => Interlocked.Read(ref _current);

    public void Changed() => Interlocked.Increment(ref _current);
}

/// <summary>Moves <see cref="CatalogVersion"/> before and after a save that adds, changes or removes a service or a closure.</summary>
internal sealed class CatalogChangeInterceptor(CatalogVersion version) : SaveChangesInterceptor
{
    // Contexts whose current save touches the catalog: moved again once the save is over, so that a catalog read
    // while the save ran (which may have seen the old rows) is not kept.
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is null || !context.ChangeTracker.Entries().Any(e => e.Entity is Service or Closure && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            return;
        }
        _saving.AddOrUpdate(context, version);
        version.Changed();
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            version.Changed();
        }
    }
}
