export * from './dto/material.inputs';
export * from './dto/material.models';
export * from './material-kind';
export * from './material-storage';
export * from './material.search-source';
export * from './material.service';
export * from './materials.module';
