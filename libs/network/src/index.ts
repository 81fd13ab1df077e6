export * from './dto/network.models';
export * from './network.module';
export * from './network.service';
export * from './organisation-kind';
export * from './organisation-name';
export * from './dto/network.inputs';
