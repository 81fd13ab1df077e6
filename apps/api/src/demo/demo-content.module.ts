import { Module } from '@nestjs/common';
import { AccountsModule } from '@ashar/accounts';
import { NetworkModule } from '@ashar/network';
import { DemoContentService } from './demo-content.service';

@Module({ imports: [AccountsModule, NetworkModule], providers: [DemoContentService] })
export class DemoContentModule {}
