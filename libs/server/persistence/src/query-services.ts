import { DataSource } from 'typeorm';

/**
 * How an app provides one of persistence's query services: made on the one data source, so the app's service
 * injects the query service and never the data source (docs/architecture.md#apps-and-libs). The shape is Nest's
 * factory provider; `DataSource` is the default connection's injection token.
 */
export function onDataSource<T>(service: new (dataSource: DataSource) => T) {
  return { provide: service, useFactory: (dataSource: DataSource) => new service(dataSource), inject: [DataSource] };
}
