#pragma once
// One small file per resource registers its routes; App calls each once.
namespace classroom {

class App;
class Router;

void add_health_routes(Router& r, App& app);
void add_auth_routes(Router& r, App& app);
void add_user_routes(Router& r, App& app);
void add_device_routes(Router& r, App& app);
void add_classroom_routes(Router& r, App& app);
void add_contact_routes(Router& r, App& app);
void add_esp_routes(Router& r, App& app);
void add_power_routes(Router& r, App& app);
void add_stats_routes(Router& r, App& app);
void add_analytics_routes(Router& r, App& app);
void add_booking_routes(Router& r, App& app);
void add_booking_series_routes(Router& r, App& app);
void add_availability_routes(Router& r, App& app);
void add_calendar_routes(Router& r, App& app);

}  // namespace classroom
