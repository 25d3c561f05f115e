import { Field, ObjectType } from '@nestjs/graphql';
import { ConversationModel } from './conversation.model';

@ObjectType('PageInfo', { description: 'Relay page info: pass endCursor as `after` for the next page.' })
export class PageInfoModel {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('ConversationEdge')
export class ConversationEdgeModel {
  @Field(() => ConversationModel) node!: ConversationModel;
  @Field() cursor!: string;
}

@ObjectType('ConversationConnection')
export class ConversationConnectionModel {
  @Field(() => [ConversationEdgeModel]) edges!: ConversationEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
