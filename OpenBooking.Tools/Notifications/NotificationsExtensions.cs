using OpenBooking.Tools.Events;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Notifications;

// In the DI namespace, like the framework's own Add* methods, so AddOpenBookingTools needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class NotificationsExtensions
{
    /// <summary>
    /// Booking emails and reminders: the <c>Notifications</c> options, the outbox signal, the email handler, the
    /// outbox dispatcher and the reminder scheduler (both hosted, and resolvable to run a pass by hand).
    /// More <see cref="IBookingEventHandler"/>s (webhooks) are added with <c>AddSingleton&lt;IBookingEventHandler, T&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddBookingNotifications(this IServiceCollection services)
    {
        services.AddValidatedOptions<NotificationsOptions>(NotificationsOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton<IBookingEventHandler, BookingEmailHandler>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        return services;
    }
}
