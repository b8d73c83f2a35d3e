using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Tools.Data;

public sealed class SettingsStoreTests
{
    [Fact]
    public async Task Set_BusinessSettings_WinOverFilesAtOnceAndAfterRestart()
    {
        var dataDirectory = TempFolder.Create();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory, ["Business:Name"] = "From the file" };

        await using (var first = await ToolsTestHost.StartAsync(settings: settings))
        {
            var monitor = first.Get<IOptionsMonitor<BusinessOptions>>();
            Assert.Equal("From the file", monitor.CurrentValue.Name);

            await first.Get<SettingsStore>().SetAsync(new Dictionary<string, string?>
            {
                ["Business:Name"] = "Barber Bob",
                ["Business:OpeningHours:Saturday"] = "10:00-14:00",
            });

            Assert.Equal("Barber Bob", monitor.CurrentValue.Name);
            var slots = await first.Get<BookingService>().FindFreeSlotsAsync(new LocalDate(2026, 3, 28), new LocalDate(2026, 3, 28));
            Assert.Equal(new LocalTime(10, 0), slots[0].Start.InZone(first.Get<BookingService>().Zone).TimeOfDay);
        }

        await using var second = await ToolsTestHost.StartAsync(settings: settings);
        Assert.Equal("Barber Bob", second.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.Name);
        TempFolder.Delete(dataDirectory);
    }

    [Fact]
    public async Task Set_NullValue_FallsBackToTheFile()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Business:Name"] = "From the file" });
        var store = host.Get<SettingsStore>();
        await store.SetAsync("Business:Name", "Edited");

        await store.SetAsync("Business:Name", null);

        Assert.Equal("From the file", host.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.Name);
    }
}
